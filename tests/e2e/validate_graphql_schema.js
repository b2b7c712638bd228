// Fetches the introspection of a vingt /graphql endpoint and checks it with
// graphql-js: buildClientSchema must accept it, validateSchema must find
// nothing, and a Twenty-style query must validate against it.
//   node validate_graphql_schema.js <url> <bearer token>
// Prints "ok <n> types" and exits 0, or prints the problems and exits 1.
// graphql-js from tests/e2e/node_modules (npm ci --prefix tests/e2e), the
// usual module paths, or Debian's node-graphql (tools/run installs it).
function load() {
  for (const where of [require('path').join(__dirname, 'node_modules', 'graphql'), 'graphql',
                       '/usr/share/nodejs/graphql']) {
    try {
      return require(where);
    } catch (e) {
      // next
    }
  }
  throw new Error('graphql-js not found');
}
const g = load();

const [url, token] = process.argv.slice(2);

async function post(query) {
  const res = await fetch(url, {
    method: 'POST',
    headers: {'content-type': 'application/json', authorization: 'Bearer ' + token},
    body: JSON.stringify({query}),
  });
  return res.json();
}

(async () => {
  const body = await post(g.getIntrospectionQuery({descriptions: true, specifiedByUrl: true}));
  if (body.errors) throw new Error('introspection errors: ' + JSON.stringify(body.errors));
  const schema = g.buildClientSchema(body.data);
  const problems = g.validateSchema(schema).map((e) => e.message);
  const doc = g.parse(`
    query People($filter: PersonFilterInput, $orderBy: [PersonOrderByInput], $first: Int, $after: String) {
      people(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
        totalCount countEmptyCity
        edges { cursor node { id name { firstName lastName } emails { primaryEmail } companyId
                              company { id name people(first: 2) { totalCount edges { node { id } } } } } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      }
    }
    mutation M { createPerson(data: {name: {firstName: "A"}}, upsert: true) { id }
                 updatePeople(filter: {city: {eq: "x"}}, data: {city: "y"}) { id }
                 destroyCompany(id: "00000000-0000-4000-8000-000000000000") { id } }`);
  for (const e of g.validate(schema, doc)) problems.push('query: ' + e.message);
  // The printed SDL must parse back into a valid schema too.
  const reparsed = g.buildSchema(g.printSchema(schema));
  for (const e of g.validateSchema(reparsed)) problems.push('sdl: ' + e.message);
  if (problems.length) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
  console.log(`ok ${Object.keys(schema.getTypeMap()).length} types`);
})().catch((e) => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
});
