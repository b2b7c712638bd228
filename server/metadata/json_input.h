// JSON bodies of the metadata REST routes into planner inputs.
//
// Twenty's legacy REST metadata routes pass the body as the `input` of the
// matching GraphQL mutation, so a bad body fails GraphQL's input coercion:
// an unknown key, a missing required one, a value of the wrong type. The
// messages are graphql-js's (`Field "x" is not defined by type
// "CreateObjectInput".`, `Field "CreateObjectInput.nameSingular" of required
// type "String!" was not provided.`, `String cannot represent a non string
// value: 5`). Everything past coercion is the planner's business.
#pragma once

#include <simdjson.h>

#include "server/metadata/planner.h"
#include "common/status.h"

namespace vingt::server::metadata {

Result<CreateObjectInput> ParseCreateObjectInput(simdjson::dom::element body);
Result<UpdateObjectInput> ParseUpdateObjectInput(simdjson::dom::element body);
Result<CreateFieldInput> ParseCreateFieldInput(simdjson::dom::element body);
Result<UpdateFieldInput> ParseUpdateFieldInput(simdjson::dom::element body);
// An `options` array (OptionInput items); shared with GraphQL input values
// given as JSON.
Result<std::vector<OptionInput>> ParseOptionsInput(simdjson::dom::element options);

}  // namespace vingt::server::metadata
