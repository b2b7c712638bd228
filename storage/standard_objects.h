// The standard objects of a new Twenty workspace (person, company,
// opportunity, note, task, their target junctions, workspaceMember,
// attachment, favorite, favoriteFolder, timelineActivity).
//
// The definitions follow Twenty's workspace entities (the decorator-era
// `*.workspace-entity.ts` files): names, labels, types, nullability,
// uniqueness, system flags, SQL-literal defaults, SELECT options and the
// onDelete of each relation. Messaging, calendar, workflow and dashboard
// objects are left out, and so are the relation fields that point at them.
//
// Every object starts with id, createdAt, updatedAt, deletedAt, then
// createdBy/updatedBy and position where Twenty has them, then the object's
// own fields in Twenty's declaration order. Relations are declared on both
// sides; the MANY_TO_ONE side owns the join column `<field>Id`, which is not
// a field of its own. Relation fields carry Twenty's relation settings JSON
// ({"relationType":..., "onDelete":..., "joinColumnName":...}).
//
// Ids are not random: objects, fields and options get Uuid::Derive ids from
// the workspace id, so rebuilding the standard objects after a restart gives
// the same ids without storing them:
//   object  Derive(ws, "object:" + nameSingular)
//   field   Derive(ws, "field:" + nameSingular + "." + fieldName)
//   option  Derive(ws, "option:" + nameSingular + "." + fieldName + "." + value)
#pragma once

#include <cstdint>
#include <vector>

#include "storage/schema.h"
#include "storage/uuid.h"

namespace vingt::storage {

// The objects of a new Twenty workspace, with stable ids derived from the
// workspace id. Slots are assigned (AssignSlots) on every object returned.
std::vector<ObjectSchema> BuildStandardObjects(const Uuid& workspace_id, int64_t created_at_ms);

}  // namespace vingt::storage
