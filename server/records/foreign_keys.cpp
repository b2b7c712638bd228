#include "server/records/foreign_keys.h"

#include <algorithm>

#include "storage/table.h"

namespace vingt::server {

Status CheckForeignKeys(const storage::Workspace& workspace, const storage::ObjectSchema& schema,
                                 InputView body, const std::vector<storage::Uuid>& batch_ids) {
  auto fields = body.AsObject();
  if (!fields) return Status::Ok();
  for (auto [key, value] : *fields) {
    const storage::FieldSchema* f = schema.FindByJoinColumn(key);
    if (!f || !f->is_active || !f->IsManyToOne()) continue;
    const std::optional<std::string_view> text = value.String();
    if (!text) continue;  // null, or not an id: the decoder's business
    const std::optional<storage::Uuid> id = storage::Uuid::Parse(*text);
    if (!id) continue;
    const bool in_batch = f->relation->target_object == schema.name_singular &&
                          std::find(batch_ids.begin(), batch_ids.end(), *id) != batch_ids.end();
    if (in_batch) continue;
    const storage::Table* target = workspace.FindBySingular(f->relation->target_object);
    if (target && target->Get(*id)) continue;
    return Status::InvalidArgument("insert or update on table \"" + schema.name_singular +
                                            "\" violates foreign key constraint \"FK_" + schema.name_singular + "_" +
                                            std::string(key) + "\"")
        .WithDetailCode("INVALID_INPUT");
  }
  return Status::Ok();
}

}  // namespace vingt::server
