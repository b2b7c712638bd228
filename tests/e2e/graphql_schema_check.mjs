// Checks a GraphQL introspection result with graphql-js, the reference
// implementation the clients of Twenty's API are built on:
//
//   node tests/e2e/graphql_schema_check.mjs <introspection.json>
//   node tests/e2e/graphql_schema_check.mjs --print-query   (graphql-js's
//       getIntrospectionQuery, the query to send for the file above)
//
// The file holds the HTTP response of an introspection query
// ({"data": {"__schema": ...}}) or its data member. The script rebuilds the
// schema with buildClientSchema (which rejects malformed introspection),
// runs validateSchema, prints every problem, and exits non-zero on any.
// It also prints a one-line summary (type and root field counts) on success.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// graphql-js from Debian's node-graphql (installed by tools/run), or from a
// local node_modules when someone installed it there.
const require = createRequire(import.meta.url);
let graphql;
try {
  graphql = require('graphql');
} catch {
  graphql = require('/usr/share/nodejs/graphql');
}
const { buildClientSchema, validateSchema, getIntrospectionQuery, graphqlSync } = graphql;

const file = process.argv[2];
if (file === '--print-query') {
  console.log(getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, inputValueDeprecation: true }));
  process.exit(0);
}
if (!file) {
  console.error('usage: node graphql_schema_check.mjs <introspection.json>');
  process.exit(2);
}

let parsed;
try {
  parsed = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
  console.error(`cannot read ${file}: ${error.message}`);
  process.exit(2);
}
if (parsed.errors && parsed.errors.length) {
  console.error('the introspection response has errors:');
  for (const e of parsed.errors) console.error(`  ${JSON.stringify(e)}`);
  process.exit(1);
}
const data = parsed.data ?? parsed;
if (!data || !data.__schema) {
  console.error('no __schema in the introspection result');
  process.exit(1);
}

let schema;
try {
  schema = buildClientSchema(data, { assumeValid: false });
} catch (error) {
  console.error(`buildClientSchema failed: ${error.message}`);
  process.exit(1);
}

const problems = validateSchema(schema);
for (const problem of problems) console.error(`validateSchema: ${problem.message}`);

// The rebuilt schema must answer the standard introspection query itself
// (catches inconsistencies validateSchema does not look at).
const again = graphqlSync({ schema, source: getIntrospectionQuery({ descriptions: true, specifiedByUrl: true }) });
for (const error of again.errors ?? []) console.error(`re-introspection: ${error.message}`);

if (problems.length || (again.errors && again.errors.length)) process.exit(1);

const types = Object.keys(schema.getTypeMap()).length;
const queries = Object.keys(schema.getQueryType()?.getFields() ?? {}).length;
const mutations = Object.keys(schema.getMutationType()?.getFields() ?? {}).length;
console.log(`schema ok: ${types} types, ${queries} query fields, ${mutations} mutation fields`);
