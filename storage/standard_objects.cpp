#include "storage/standard_objects.h"

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "storage/metadata_fields.h"

namespace vingt::storage {
namespace {

struct OptionDef {
  std::string_view value;
  std::string_view label;
  std::string_view color;
};

// One field as written in a Twenty entity, before ids are known. Fields are
// nullable unless NotNull() says otherwise (most standard fields carry
// @WorkspaceIsNullable; the exceptions are spelled out below).
class FieldDef {
 public:
  FieldDef(std::string_view name, std::string_view label, FieldType type, std::string_view description,
           std::string_view icon) {
    field_.name = name;
    field_.label = label;
    field_.type = type;
    field_.description = description;
    field_.icon = icon;
    field_.is_nullable = true;
    field_.is_label_synced_with_name = NameFromLabel(label) == name;
    field_.default_value_json = TypeDefaultValue(type);
  }

  FieldDef& NotNull() {
    field_.is_nullable = false;
    return *this;
  }
  FieldDef& Unique() {
    field_.is_unique = true;
    return *this;
  }
  FieldDef& System() {
    field_.is_system = true;
    return *this;
  }
  FieldDef& ReadOnly() {
    field_.is_ui_readonly = true;
    return *this;
  }
  FieldDef& Default(std::string_view json) {
    field_.default_value_json = json;
    return *this;
  }
  FieldDef& Settings(std::string_view json) {
    field_.settings_json = json;
    return *this;
  }
  FieldDef& Options(std::initializer_list<OptionDef> options) {
    options_.assign(options.begin(), options.end());
    return *this;
  }
  FieldDef& Relation(RelationType type, std::string_view target, std::string_view inverse,
                     OnDelete on_delete) {
    field_.type = FieldType::kRelation;
    field_.default_value_json.clear();
    field_.relation = RelationInfo{type, std::string(target), std::string(inverse), on_delete};
    return *this;
  }

  FieldSchema& field() { return field_; }
  const std::vector<OptionDef>& options() const { return options_; }

 private:
  FieldSchema field_;
  std::vector<OptionDef> options_;
};

FieldDef ManyToOne(std::string_view name, std::string_view label, std::string_view target,
                   std::string_view inverse, OnDelete on_delete, std::string_view description,
                   std::string_view icon) {
  FieldDef def(name, label, FieldType::kRelation, description, icon);
  def.Relation(RelationType::kManyToOne, target, inverse, on_delete);
  return def;
}

// The ONE_TO_MANY side; its on_delete is copied from the MANY_TO_ONE side
// once every object is built.
FieldDef OneToMany(std::string_view name, std::string_view label, std::string_view target,
                   std::string_view inverse, std::string_view description, std::string_view icon) {
  FieldDef def(name, label, FieldType::kRelation, description, icon);
  def.Relation(RelationType::kOneToMany, target, inverse, OnDelete::kSetNull);
  return def;
}

class ObjectBuilder {
 public:
  ObjectBuilder(const Uuid& workspace_id, int64_t now_ms, std::string_view singular, std::string_view plural,
                std::string_view label_singular, std::string_view label_plural, std::string_view description,
                std::string_view icon)
      : workspace_id_(workspace_id) {
    object_.id = Uuid::Derive(workspace_id, "object:" + std::string(singular));
    object_.workspace_id = workspace_id;
    object_.name_singular = singular;
    object_.name_plural = plural;
    object_.label_singular = label_singular;
    object_.label_plural = label_plural;
    object_.description = description;
    object_.icon = icon;
    object_.created_at_ms = now_ms;
    object_.updated_at_ms = now_ms;
    AddBaseFields();
  }

  ObjectBuilder& Shortcut(std::string_view s) {
    object_.shortcut = s;
    return *this;
  }
  ObjectBuilder& System() {
    object_.is_system = true;
    return *this;
  }
  ObjectBuilder& Searchable() {
    object_.is_searchable = true;
    return *this;
  }
  ObjectBuilder& LabelIdentifier(std::string_view field) {
    object_.label_identifier_field = field;
    return *this;
  }
  ObjectBuilder& ImageIdentifier(std::string_view field) {
    object_.image_identifier_field = field;
    return *this;
  }
  ObjectBuilder& DuplicateCriteria(std::vector<std::vector<std::string>> criteria) {
    object_.duplicate_criteria = std::move(criteria);
    return *this;
  }

  ObjectBuilder& Add(FieldDef def) {
    FieldSchema& f = def.field();
    const std::string prefix = object_.name_singular + "." + f.name;
    f.id = Uuid::Derive(workspace_id_, "field:" + prefix);
    // Standard fields are created with the workspace, as its objects are.
    f.created_at_ms = object_.created_at_ms;
    f.updated_at_ms = object_.created_at_ms;
    double position = 0;
    for (const OptionDef& o : def.options()) {
      SelectOption option;
      option.id = Uuid::Derive(workspace_id_, "option:" + prefix + "." + std::string(o.value));
      option.value = o.value;
      option.label = o.label;
      option.color = o.color;
      option.position = position++;
      f.options.push_back(std::move(option));
    }
    object_.fields.push_back(std::move(f));
    return *this;
  }

  // createdBy and updatedBy, on the objects whose entity declares them.
  ObjectBuilder& AddActorFields() {
    Add(FieldDef("createdBy", "Created by", FieldType::kActor, "The creator of the record",
                 "IconCreativeCommonsSa")
            .NotNull()
            .ReadOnly());
    Add(FieldDef("updatedBy", "Updated by", FieldType::kActor,
                 "The workspace member who last updated the record", "IconUserCircle")
            .NotNull()
            .ReadOnly());
    return *this;
  }

  ObjectBuilder& AddPosition(std::string_view description) {
    return Add(FieldDef("position", "Position", FieldType::kPosition, description, "IconHierarchy2")
                   .NotNull()
                   .System()
                   .Default("0"));
  }

  ObjectBuilder& AddSearchVector() {
    return Add(FieldDef("searchVector", "Search vector", FieldType::kTsVector, "Field used for full-text search",
                        "IconUser")
                   .System());
  }

  ObjectSchema Take() { return std::move(object_); }

 private:
  void AddBaseFields() {
    constexpr std::string_view kRelative = R"({"displayFormat":"RELATIVE"})";
    Add(FieldDef("id", "Id", FieldType::kUuid, "Id", "Icon123").NotNull().System().ReadOnly().Default("uuid"));
    Add(FieldDef("createdAt", "Creation date", FieldType::kDateTime, "Creation date", "IconCalendar")
            .NotNull()
            .ReadOnly()
            .Default("now")
            .Settings(kRelative));
    Add(FieldDef("updatedAt", "Last update", FieldType::kDateTime, "Last time the record was changed",
                 "IconCalendarClock")
            .NotNull()
            .ReadOnly()
            .Default("now")
            .Settings(kRelative));
    Add(FieldDef("deletedAt", "Deleted at", FieldType::kDateTime, "Date when the record was deleted",
                 "IconCalendarMinus")
            .ReadOnly()
            .Settings(kRelative));
  }

  Uuid workspace_id_;
  ObjectSchema object_;
};

ObjectSchema BuildPerson(const Uuid& ws, int64_t now) {
  ObjectBuilder b(ws, now, "person", "people", "Person", "People", "A person", "IconUser");
  b.Shortcut("P")
      .Searchable()
      .LabelIdentifier("name")
      .ImageIdentifier("avatarUrl")
      .DuplicateCriteria({{"nameFirstName", "nameLastName"}, {"linkedinLinkPrimaryLinkUrl"}, {"emailsPrimaryEmail"}});
  b.AddActorFields().AddPosition("Person record Position");
  b.Add(FieldDef("name", "Name", FieldType::kFullName, "Contact's name", "IconUser"));
  b.Add(FieldDef("emails", "Emails", FieldType::kEmails, "Contact's Emails", "IconMail")
            .Unique()
            .Settings(R"({"maxNumberOfValues":1})"));
  b.Add(FieldDef("linkedinLink", "Linkedin", FieldType::kLinks, "Contact's Linkedin account", "IconBrandLinkedin"));
  b.Add(FieldDef("xLink", "X", FieldType::kLinks, "Contact's X/Twitter account", "IconBrandX"));
  b.Add(FieldDef("jobTitle", "Job Title", FieldType::kText, "Contact's job title", "IconBriefcase"));
  b.Add(FieldDef("phones", "Phones", FieldType::kPhones, "Contact's phone numbers", "IconPhone")
            .Settings(R"({"maxNumberOfValues":1})"));
  // Recent Twenty builds have a WhatsApp field next to phones (spec/data-model.md §3.1).
  b.Add(FieldDef("whatsapp", "Whatsapp", FieldType::kPhones, "Contact's Whatsapp Number", "IconBrandWhatsapp")
            .Settings(R"({"maxNumberOfValues":1})"));
  b.Add(FieldDef("city", "City", FieldType::kText, "Contact's city", "IconMap"));
  b.Add(FieldDef("avatarUrl", "Avatar", FieldType::kText, "Contact's avatar", "IconFileUpload").System());
  b.Add(ManyToOne("company", "Company", "company", "people", OnDelete::kSetNull, "Contact's company",
                  "IconBuildingSkyscraper"));
  b.Add(OneToMany("pointOfContactForOpportunities", "Opportunities", "opportunity", "pointOfContact",
                  "List of opportunities for which that person is the point of contact", "IconTargetArrow"));
  b.Add(OneToMany("taskTargets", "Tasks", "taskTarget", "person", "Tasks tied to the contact", "IconCheckbox")
            .ReadOnly());
  b.Add(OneToMany("noteTargets", "Notes", "noteTarget", "person", "Notes tied to the contact", "IconNotes")
            .ReadOnly());
  b.Add(OneToMany("favorites", "Favorites", "favorite", "person", "Favorites linked to the contact", "IconHeart")
            .System());
  b.Add(OneToMany("attachments", "Attachments", "attachment", "person", "Attachments linked to the contact.",
                  "IconFileImport")
            .System());
  b.Add(OneToMany("timelineActivities", "Events", "timelineActivity", "targetPerson", "Events linked to the person",
                  "IconTimelineEvent")
            .System());
  b.AddSearchVector();
  return b.Take();
}

ObjectSchema BuildCompany(const Uuid& ws, int64_t now) {
  ObjectBuilder b(ws, now, "company", "companies", "Company", "Companies", "A company", "IconBuildingSkyscraper");
  b.Shortcut("C").Searchable().LabelIdentifier("name").DuplicateCriteria({{"name"}, {"domainNamePrimaryLinkUrl"}});
  b.AddActorFields().AddPosition("Company record position");
  b.Add(FieldDef("name", "Name", FieldType::kText, "The company name", "IconBuildingSkyscraper"));
  b.Add(FieldDef("domainName", "Domain Name", FieldType::kLinks,
                 "The company website URL. We use this url to fetch the company icon", "IconLink")
            .Unique()
            .Settings(R"({"maxNumberOfValues":1})"));
  b.Add(FieldDef("employees", "Employees", FieldType::kNumber, "Number of employees in the company", "IconUsers"));
  b.Add(FieldDef("linkedinLink", "Linkedin", FieldType::kLinks, "The company Linkedin account", "IconBrandLinkedin"));
  b.Add(FieldDef("xLink", "X", FieldType::kLinks, "The company Twitter/X account", "IconBrandX"));
  b.Add(FieldDef("annualRecurringRevenue", "ARR", FieldType::kCurrency,
                 "Annual Recurring Revenue: The actual or estimated annual revenue of the company", "IconMoneybag"));
  b.Add(FieldDef("address", "Address", FieldType::kAddress, "Address of the company", "IconMap"));
  b.Add(FieldDef("idealCustomerProfile", "ICP", FieldType::kBoolean,
                 "Ideal Customer Profile:  Indicates whether the company is the most suitable and valuable "
                 "customer for you",
                 "IconTarget")
            .NotNull()
            .Default("false"));
  b.Add(OneToMany("people", "People", "person", "company", "People linked to the company.", "IconUsers"));
  b.Add(ManyToOne("accountOwner", "Account Owner", "workspaceMember", "accountOwnerForCompanies", OnDelete::kSetNull,
                  "Your team member responsible for managing the company account", "IconUserCircle"));
  b.Add(OneToMany("taskTargets", "Tasks", "taskTarget", "company", "Tasks tied to the company", "IconCheckbox")
            .ReadOnly());
  b.Add(OneToMany("noteTargets", "Notes", "noteTarget", "company", "Notes tied to the company", "IconNotes")
            .ReadOnly());
  b.Add(OneToMany("opportunities", "Opportunities", "opportunity", "company", "Opportunities linked to the company.",
                  "IconTargetArrow"));
  b.Add(OneToMany("favorites", "Favorites", "favorite", "company", "Favorites linked to the company", "IconHeart")
            .System());
  b.Add(OneToMany("attachments", "Attachments", "attachment", "company", "Attachments linked to the company",
                  "IconFileImport")
            .System());
  b.Add(OneToMany("timelineActivities", "Timeline Activities", "timelineActivity", "targetCompany",
                  "Timeline Activities linked to the company", "IconTimelineEvent")
            .System());
  b.AddSearchVector();
  return b.Take();
}

ObjectSchema BuildOpportunity(const Uuid& ws, int64_t now) {
  ObjectBuilder b(ws, now, "opportunity", "opportunities", "Opportunity", "Opportunities", "An opportunity",
                  "IconTargetArrow");
  b.Shortcut("O").Searchable().LabelIdentifier("name");
  b.AddActorFields().AddPosition("Opportunity record position");
  b.Add(FieldDef("name", "Name", FieldType::kText, "The opportunity name", "IconTargetArrow"));
  b.Add(FieldDef("amount", "Amount", FieldType::kCurrency, "Opportunity amount", "IconCurrencyDollar"));
  b.Add(FieldDef("closeDate", "Close date", FieldType::kDateTime, "Opportunity close date", "IconCalendarEvent"));
  b.Add(FieldDef("stage", "Stage", FieldType::kSelect, "Opportunity stage", "IconProgressCheck")
            .NotNull()
            .Default("'NEW'")
            .Options({{"NEW", "New", "red"},
                      {"SCREENING", "Screening", "purple"},
                      {"MEETING", "Meeting", "sky"},
                      {"PROPOSAL", "Proposal", "turquoise"},
                      {"CUSTOMER", "Customer", "yellow"}}));
  b.Add(ManyToOne("pointOfContact", "Point of Contact", "person", "pointOfContactForOpportunities",
                  OnDelete::kSetNull, "Opportunity point of contact", "IconUser"));
  b.Add(ManyToOne("company", "Company", "company", "opportunities", OnDelete::kSetNull, "Opportunity company",
                  "IconBuildingSkyscraper"));
  b.Add(OneToMany("favorites", "Favorites", "favorite", "opportunity", "Favorites linked to the opportunity",
                  "IconHeart")
            .System());
  b.Add(OneToMany("taskTargets", "Tasks", "taskTarget", "opportunity", "Tasks tied to the opportunity",
                  "IconCheckbox")
            .ReadOnly());
  b.Add(OneToMany("noteTargets", "Notes", "noteTarget", "opportunity", "Notes tied to the opportunity", "IconNotes")
            .ReadOnly());
  b.Add(OneToMany("attachments", "Attachments", "attachment", "opportunity", "Attachments linked to the opportunity",
                  "IconFileImport")
            .System());
  b.Add(OneToMany("timelineActivities", "Timeline Activities", "timelineActivity", "targetOpportunity",
                  "Timeline Activities linked to the opportunity.", "IconTimelineEvent")
            .System());
  b.AddSearchVector();
  return b.Take();
}

ObjectSchema BuildNote(const Uuid& ws, int64_t now) {
  ObjectBuilder b(ws, now, "note", "notes", "Note", "Notes", "A note", "IconNotes");
  b.Shortcut("N").Searchable().LabelIdentifier("title");
  b.AddActorFields().AddPosition("Note record position");
  b.Add(FieldDef("title", "Title", FieldType::kText, "Note title", "IconNotes"));
  b.Add(FieldDef("bodyV2", "Body", FieldType::kRichTextV2, "Note body", "IconFilePencil"));
  b.Add(OneToMany("noteTargets", "Relations", "noteTarget", "note", "Note targets", "IconArrowUpRight").System());
  b.Add(OneToMany("attachments", "Attachments", "attachment", "note", "Note attachments", "IconFileImport").System());
  b.Add(OneToMany("timelineActivities", "Timeline Activities", "timelineActivity", "targetNote",
                  "Timeline Activities linked to the note.", "IconTimelineEvent")
            .System());
  b.Add(OneToMany("favorites", "Favorites", "favorite", "note", "Favorites linked to the note", "IconHeart").System());
  b.AddSearchVector();
  return b.Take();
}

ObjectSchema BuildTask(const Uuid& ws, int64_t now) {
  ObjectBuilder b(ws, now, "task", "tasks", "Task", "Tasks", "A task", "IconCheckbox");
  b.Shortcut("T").Searchable().LabelIdentifier("title");
  b.AddActorFields().AddPosition("Task record position");
  b.Add(FieldDef("title", "Title", FieldType::kText, "Task title", "IconNotes"));
  b.Add(FieldDef("bodyV2", "Body", FieldType::kRichTextV2, "Task body", "IconFilePencil"));
  b.Add(FieldDef("dueAt", "Due Date", FieldType::kDateTime, "Task due date", "IconCalendarEvent"));
  b.Add(FieldDef("status", "Status", FieldType::kSelect, "Task status", "IconCheck")
            .Default("'TODO'")
            .Options({{"TODO", "To do", "sky"}, {"IN_PROGRESS", "In progress", "purple"}, {"DONE", "Done", "green"}}));
  b.Add(OneToMany("taskTargets", "Relations", "taskTarget", "task", "Task targets", "IconArrowUpRight").System());
  b.Add(OneToMany("attachments", "Attachments", "attachment", "task", "Task attachments", "IconFileImport").System());
  b.Add(ManyToOne("assignee", "Assignee", "workspaceMember", "assignedTasks", OnDelete::kSetNull, "Task assignee",
                  "IconUserCircle"));
  b.Add(OneToMany("timelineActivities", "Timeline Activities", "timelineActivity", "targetTask",
                  "Timeline Activities linked to the task.", "IconTimelineEvent")
            .System());
  b.Add(OneToMany("favorites", "Favorites", "favorite", "task", "Favorites linked to the task", "IconHeart").System());
  b.AddSearchVector();
  return b.Take();
}

// noteTarget / taskTarget: one MANY_TO_ONE to the activity and one to each
// target object. Deleting either end deletes the link (CASCADE).
ObjectSchema BuildActivityTarget(const Uuid& ws, int64_t now, std::string_view activity) {
  const bool is_note = activity == "note";
  const std::string singular = std::string(activity) + "Target";
  const std::string plural = singular + "s";
  const std::string type_name = is_note ? "NoteTarget" : "TaskTarget";
  ObjectBuilder b(ws, now, singular, plural, is_note ? "Note Target" : "Task Target",
                  is_note ? "Note Targets" : "Task Targets", is_note ? "A note target" : "A task target",
                  "IconCheckbox");
  b.System();
  b.Add(ManyToOne(activity, is_note ? "Note" : "Task", activity, plural, OnDelete::kCascade,
                  type_name + " " + std::string(activity), is_note ? "IconNotes" : "IconCheckbox")
            .ReadOnly());
  b.Add(ManyToOne("person", "Person", "person", plural, OnDelete::kCascade, type_name + " person", "IconUser")
            .ReadOnly());
  b.Add(ManyToOne("company", "Company", "company", plural, OnDelete::kCascade, type_name + " company",
                  "IconBuildingSkyscraper")
            .ReadOnly());
  b.Add(ManyToOne("opportunity", "Opportunity", "opportunity", plural, OnDelete::kCascade,
                  type_name + " opportunity", "IconTargetArrow")
            .ReadOnly());
  return b.Take();
}

ObjectSchema BuildWorkspaceMember(const Uuid& ws, int64_t now) {
  ObjectBuilder b(ws, now, "workspaceMember", "workspaceMembers", "Workspace Member", "Workspace Members",
                  "A workspace member", "IconUserCircle");
  b.System().Searchable().LabelIdentifier("name").ImageIdentifier("avatarUrl");
  b.Add(FieldDef("position", "Position", FieldType::kPosition, "Workspace member position", "IconHierarchy2")
            .NotNull()
            .System()
            .ReadOnly()
            .Default("0"));
  b.Add(FieldDef("name", "Name", FieldType::kFullName, "Workspace member name", "IconCircleUser").NotNull().ReadOnly());
  b.Add(FieldDef("colorScheme", "Color Scheme", FieldType::kText, "Preferred color scheme", "IconColorSwatch")
            .NotNull()
            .System()
            .ReadOnly()
            .Default("'System'"));
  b.Add(FieldDef("locale", "Language", FieldType::kText, "Preferred language", "IconLanguage")
            .NotNull()
            .System()
            .ReadOnly()
            .Default("'en'"));
  b.Add(FieldDef("avatarUrl", "Avatar Url", FieldType::kText, "Workspace member avatar", "IconFileUpload")
            .System()
            .ReadOnly());
  b.Add(FieldDef("userEmail", "User Email", FieldType::kText, "Related user email address", "IconMail")
            .Unique()
            .System()
            .ReadOnly());
  b.Add(FieldDef("calendarStartDay", "Start of the week", FieldType::kNumber, "User's preferred start day of the week",
                 "")
            .NotNull()
            .System()
            .ReadOnly()
            .Default("7")
            .Settings(R"({"dataType":"int"})"));
  b.Add(FieldDef("userId", "User Id", FieldType::kUuid, "Associated User Id", "IconCircleUsers")
            .NotNull()
            .System()
            .ReadOnly());
  b.Add(FieldDef("timeZone", "Time zone", FieldType::kText, "User time zone", "IconTimezone")
            .NotNull()
            .System()
            .ReadOnly()
            .Default("'system'"));
  b.Add(FieldDef("dateFormat", "Date format", FieldType::kSelect, "User's preferred date format", "IconCalendarEvent")
            .NotNull()
            .System()
            .ReadOnly()
            .Default("'SYSTEM'")
            .Options({{"SYSTEM", "System", "turquoise"},
                      {"MONTH_FIRST", "Month First", "red"},
                      {"DAY_FIRST", "Day First", "purple"},
                      {"YEAR_FIRST", "Year First", "sky"}}));
  b.Add(FieldDef("timeFormat", "Time format", FieldType::kSelect, "User's preferred time format", "IconClock2")
            .NotNull()
            .System()
            .ReadOnly()
            .Default("'SYSTEM'")
            .Options({{"SYSTEM", "System", "sky"}, {"HOUR_24", "24HRS", "red"}, {"HOUR_12", "12HRS", "purple"}}));
  b.Add(OneToMany("assignedTasks", "Assigned tasks", "task", "assignee", "Tasks assigned to the workspace member",
                  "IconCheckbox")
            .ReadOnly());
  b.Add(OneToMany("favorites", "Favorites", "favorite", "forWorkspaceMember", "Favorites linked to the workspace member",
                  "IconHeart")
            .ReadOnly());
  b.Add(OneToMany("accountOwnerForCompanies", "Account Owner For Companies", "company", "accountOwner",
                  "Account owner for companies", "IconBriefcase")
            .ReadOnly());
  b.Add(OneToMany("authoredAttachments", "Authored attachments", "attachment", "author",
                  "Attachments created by the workspace member", "IconFileImport")
            .System()
            .ReadOnly());
  b.Add(OneToMany("timelineActivities", "Events", "timelineActivity", "workspaceMember",
                  "Events linked to the workspace member", "IconTimelineEvent")
            .System()
            .ReadOnly());
  b.Add(FieldDef("searchVector", "Search vector", FieldType::kTsVector, "Field used for full-text search", "IconUser")
            .System()
            .ReadOnly());
  b.Add(FieldDef("numberFormat", "Number format", FieldType::kSelect, "User's preferred number format", "IconNumbers")
            .NotNull()
            .System()
            .ReadOnly()
            .Default("'SYSTEM'")
            .Options({{"SYSTEM", "System", "turquoise"},
                      {"COMMAS_AND_DOT", "Commas and dot", "blue"},
                      {"SPACES_AND_COMMA", "Spaces and comma", "green"},
                      {"DOTS_AND_COMMA", "Dots and comma", "orange"},
                      {"APOSTROPHE_AND_DOT", "Apostrophe and dot", "purple"}}));
  return b.Take();
}

ObjectSchema BuildAttachment(const Uuid& ws, int64_t now) {
  ObjectBuilder b(ws, now, "attachment", "attachments", "Attachment", "Attachments", "An attachment",
                  "IconFileImport");
  b.System().LabelIdentifier("name");
  b.AddActorFields();
  b.Add(FieldDef("name", "Name", FieldType::kText, "Attachment name", "IconFileUpload").ReadOnly());
  b.Add(FieldDef("fullPath", "Full path", FieldType::kText, "Attachment full path", "IconLink").ReadOnly());
  // Deprecated in favour of fileCategory but still a column, kept so that
  // clients written against older builds can still send it.
  b.Add(FieldDef("type", "Type (deprecated)", FieldType::kText, "Attachment type (deprecated - use fileCategory)",
                 "IconList")
            .ReadOnly());
  b.Add(FieldDef("fileCategory", "File category", FieldType::kSelect, "Attachment file category", "IconList")
            .NotNull()
            .ReadOnly()
            .Default("'OTHER'")
            .Options({{"ARCHIVE", "Archive", "gray"},
                      {"AUDIO", "Audio", "pink"},
                      {"IMAGE", "Image", "yellow"},
                      {"PRESENTATION", "Presentation", "orange"},
                      {"SPREADSHEET", "Spreadsheet", "turquoise"},
                      {"TEXT_DOCUMENT", "Text Document", "blue"},
                      {"VIDEO", "Video", "purple"},
                      {"OTHER", "Other", "gray"}}));
  b.Add(ManyToOne("author", "Author", "workspaceMember", "authoredAttachments", OnDelete::kSetNull,
                  "Attachment author (deprecated - use createdBy)", "IconCircleUser")
            .ReadOnly());
  b.Add(ManyToOne("task", "Task", "task", "attachments", OnDelete::kSetNull, "Attachment task", "IconNotes").ReadOnly());
  b.Add(ManyToOne("note", "Note", "note", "attachments", OnDelete::kSetNull, "Attachment note", "IconNotes").ReadOnly());
  b.Add(ManyToOne("person", "Person", "person", "attachments", OnDelete::kCascade, "Attachment person", "IconUser")
            .ReadOnly());
  b.Add(ManyToOne("company", "Company", "company", "attachments", OnDelete::kCascade, "Attachment company",
                  "IconBuildingSkyscraper")
            .ReadOnly());
  b.Add(ManyToOne("opportunity", "Opportunity", "opportunity", "attachments", OnDelete::kCascade,
                  "Attachment opportunity", "IconBuildingSkyscraper")
            .ReadOnly());
  return b.Take();
}

ObjectSchema BuildFavorite(const Uuid& ws, int64_t now) {
  ObjectBuilder b(ws, now, "favorite", "favorites", "Favorite", "Favorites",
                  "A favorite that can be accessed from the left menu", "IconHeart");
  b.System();
  // A NUMBER in Twenty, not a POSITION.
  b.Add(FieldDef("position", "Position", FieldType::kNumber, "Favorite position", "IconList")
            .NotNull()
            .System()
            .ReadOnly()
            .Default("0"));
  b.Add(ManyToOne("forWorkspaceMember", "Workspace Member", "workspaceMember", "favorites", OnDelete::kCascade,
                  "Favorite workspace member", "IconCircleUser")
            .ReadOnly());
  b.Add(ManyToOne("person", "Person", "person", "favorites", OnDelete::kCascade, "Favorite person", "IconUser")
            .ReadOnly());
  b.Add(ManyToOne("company", "Company", "company", "favorites", OnDelete::kCascade, "Favorite company",
                  "IconBuildingSkyscraper")
            .ReadOnly());
  b.Add(ManyToOne("favoriteFolder", "Favorite Folder", "favoriteFolder", "favorites", OnDelete::kSetNull,
                  "The folder this favorite belongs to", "IconFolder")
            .ReadOnly());
  b.Add(ManyToOne("opportunity", "Opportunity", "opportunity", "favorites", OnDelete::kCascade,
                  "Favorite opportunity", "IconTargetArrow")
            .ReadOnly());
  b.Add(ManyToOne("task", "Task", "task", "favorites", OnDelete::kCascade, "Favorite task", "IconCheckbox").ReadOnly());
  b.Add(ManyToOne("note", "Note", "note", "favorites", OnDelete::kCascade, "Favorite note", "IconNotes").ReadOnly());
  b.Add(FieldDef("viewId", "ViewId", FieldType::kUuid, "ViewId", "IconView").ReadOnly());
  return b.Take();
}

ObjectSchema BuildFavoriteFolder(const Uuid& ws, int64_t now) {
  ObjectBuilder b(ws, now, "favoriteFolder", "favoriteFolders", "Favorite Folder", "Favorite Folders",
                  "A Folder of favorites", "IconFolder");
  b.System();
  b.Add(FieldDef("position", "Position", FieldType::kNumber, "Favorite folder position", "IconList")
            .NotNull()
            .System()
            .ReadOnly()
            .Default("0"));
  b.Add(FieldDef("name", "Name", FieldType::kText, "Name of the favorite folder", "IconText").ReadOnly());
  b.Add(OneToMany("favorites", "Favorites", "favorite", "favoriteFolder", "Favorites in this folder", "IconHeart")
            .ReadOnly());
  return b.Take();
}

ObjectSchema BuildTimelineActivity(const Uuid& ws, int64_t now) {
  ObjectBuilder b(ws, now, "timelineActivity", "timelineActivities", "Timeline Activity", "Timeline Activities",
                  "Aggregated / filtered event to be displayed on the timeline", "IconTimelineEvent");
  b.System().LabelIdentifier("name");
  b.Add(FieldDef("happensAt", "Creation date", FieldType::kDateTime, "Creation date", "IconCalendar")
            .NotNull()
            .ReadOnly()
            .Default("now"));
  b.Add(FieldDef("name", "Event name", FieldType::kText, "Event name", "IconAbc").ReadOnly());
  b.Add(FieldDef("properties", "Event details", FieldType::kRawJson, "Json value for event details", "IconListDetails")
            .ReadOnly());
  b.Add(FieldDef("linkedRecordCachedName", "Linked Record cached name", FieldType::kText, "Cached record name",
                 "IconAbc")
            .ReadOnly());
  b.Add(FieldDef("linkedRecordId", "Linked Record id", FieldType::kUuid, "Linked Record id", "IconAbc").ReadOnly());
  b.Add(FieldDef("linkedObjectMetadataId", "Linked Object Metadata Id", FieldType::kUuid, "Linked Object Metadata Id",
                 "IconAbc")
            .ReadOnly());
  b.Add(ManyToOne("workspaceMember", "Workspace Member", "workspaceMember", "timelineActivities", OnDelete::kCascade,
                  "Event workspace member", "IconCircleUser")
            .ReadOnly());
  b.Add(ManyToOne("targetPerson", "Person", "person", "timelineActivities", OnDelete::kCascade, "Event person",
                  "IconUser")
            .ReadOnly());
  b.Add(ManyToOne("targetCompany", "Company", "company", "timelineActivities", OnDelete::kCascade, "Event company",
                  "IconBuildingSkyscraper")
            .ReadOnly());
  b.Add(ManyToOne("targetOpportunity", "Opportunity", "opportunity", "timelineActivities", OnDelete::kSetNull,
                  "Event opportunity", "IconTargetArrow")
            .ReadOnly());
  b.Add(ManyToOne("targetNote", "Note", "note", "timelineActivities", OnDelete::kSetNull, "Event note",
                  "IconTargetArrow")
            .ReadOnly());
  b.Add(ManyToOne("targetTask", "Task", "task", "timelineActivities", OnDelete::kSetNull, "Event task",
                  "IconTargetArrow")
            .ReadOnly());
  return b.Take();
}

ObjectSchema* FindObject(std::vector<ObjectSchema>& objects, std::string_view name_singular) {
  for (auto& o : objects)
    if (o.name_singular == name_singular) return &o;
  return nullptr;
}

// Gives each ONE_TO_MANY side the on_delete of its MANY_TO_ONE inverse and
// writes Twenty's relation settings on both sides.
void LinkRelations(std::vector<ObjectSchema>& objects) {
  for (auto& object : objects) {
    for (auto& f : object.fields) {
      if (!f.relation) continue;
      RelationInfo& r = *f.relation;
      if (r.type == RelationType::kOneToMany) {
        ObjectSchema* target = FindObject(objects, r.target_object);
        const FieldSchema* inverse = target ? target->FindField(r.inverse_field) : nullptr;
        if (inverse && inverse->IsManyToOne()) r.on_delete = inverse->relation->on_delete;
      }
      f.settings_json = RelationSettingsJson(f);
    }
  }
}

}  // namespace

std::vector<ObjectSchema> BuildStandardObjects(const Uuid& workspace_id, int64_t created_at_ms) {
  std::vector<ObjectSchema> objects;
  objects.reserve(12);
  objects.push_back(BuildPerson(workspace_id, created_at_ms));
  objects.push_back(BuildCompany(workspace_id, created_at_ms));
  objects.push_back(BuildOpportunity(workspace_id, created_at_ms));
  objects.push_back(BuildNote(workspace_id, created_at_ms));
  objects.push_back(BuildTask(workspace_id, created_at_ms));
  objects.push_back(BuildActivityTarget(workspace_id, created_at_ms, "note"));
  objects.push_back(BuildActivityTarget(workspace_id, created_at_ms, "task"));
  objects.push_back(BuildWorkspaceMember(workspace_id, created_at_ms));
  objects.push_back(BuildAttachment(workspace_id, created_at_ms));
  objects.push_back(BuildFavorite(workspace_id, created_at_ms));
  objects.push_back(BuildFavoriteFolder(workspace_id, created_at_ms));
  objects.push_back(BuildTimelineActivity(workspace_id, created_at_ms));
  LinkRelations(objects);
  for (auto& o : objects) o.AssignSlots();
  return objects;
}

}  // namespace vingt::storage
