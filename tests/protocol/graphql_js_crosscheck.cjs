// Compares the GraphQL engine with the real graphql-js (16.6 to 16.8).
//
//   node graphql_js_crosscheck.cjs query            prints graphql-js's introspection query
//   node graphql_js_crosscheck.cjs compare DUMP     compares a dump written by graphql_js_dump_test.cpp
//
// The comparison rebuilds the schema from our introspection result with
// buildClientSchema (so validateSchema must accept it), then runs every
// dumped document through graphql-js's parse, validate and execute and
// checks that messages and locations match ours. graphql-js must be
// resolvable by require() (NODE_PATH); graphql_js_crosscheck.sh sets that up.
'use strict';

const fs = require('fs');
const graphql = require('graphql');

const introspectionOptions = {
  descriptions: true,
  specifiedByUrl: true,
  directiveIsRepeatable: true,
  schemaDescription: true,
  inputValueDeprecation: true,
};

function shape(errors) {
  return (errors || []).map((e) => ({
    message: e.message,
    locations: (e.locations || []).map((l) => [l.line, l.column]),
  }));
}

function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys(value[key]);
  return out;
}

function withoutBuiltinDescriptions(introspection) {
  const builtin = (name) => ['Int', 'Float', 'String', 'Boolean', 'ID'].includes(name) || name.startsWith('__');
  const copy = JSON.parse(JSON.stringify(introspection));
  for (const type of copy.__schema.types) {
    if (!builtin(type.name)) continue;
    delete type.description;
    for (const field of type.fields || []) delete field.description;
    for (const value of type.enumValues || []) delete value.description;
    for (const field of type.inputFields || []) delete field.description;
  }
  for (const directive of copy.__schema.directives) {
    delete directive.description;
    for (const arg of directive.args) delete arg.description;
  }
  return sortKeys(copy);
}

// graphql-js answers some requests by throwing (a syntax error, variables
// that are not an object); those count as its errors too.
function run(fn) {
  try {
    return fn();
  } catch (e) {
    return { errors: [e] };
  }
}

function main() {
  const [command, file] = process.argv.slice(2);
  if (command === 'query') {
    process.stdout.write(graphql.getIntrospectionQuery(introspectionOptions));
    return 0;
  }
  if (command !== 'compare' || !file) {
    console.error('usage: graphql_js_crosscheck.cjs query | compare DUMP');
    return 2;
  }
  const dump = JSON.parse(fs.readFileSync(file, 'utf8'));
  let passed = 0;
  let failed = 0;
  const check = (what, ours, theirs) => {
    const a = JSON.stringify(ours);
    const b = JSON.stringify(theirs);
    if (a === b) {
      passed++;
    } else {
      failed++;
      console.log(`MISMATCH ${what}\n  ours:       ${a}\n  graphql-js: ${b}`);
    }
  };

  // Introspection: the result must rebuild into a valid schema.
  check('introspection has no errors', [], shape(dump.introspection.errors));
  const schema = graphql.buildClientSchema(dump.introspection.data);
  check('validateSchema', [], shape(graphql.validateSchema(schema)));
  // graphql-js's own introspection of the rebuilt schema must say the same
  // (keys sorted: our field order follows the query's, as it should).
  // buildClientSchema swaps in its own built-in scalars, directives and
  // introspection types, whose descriptions are worded differently here.
  const reintrospected = graphql.introspectionFromSchema(schema, introspectionOptions);
  check('introspection round trip', withoutBuiltinDescriptions(dump.introspection.data),
        withoutBuiltinDescriptions(JSON.parse(JSON.stringify(reintrospected))));

  for (const c of dump.syntax) {
    const theirs = run(() => {
      graphql.parse(c.source);
      return { errors: [] };
    });
    check(`syntax ${JSON.stringify(c.source)}`, shape(c.errors), shape(theirs.errors));
  }

  for (const c of dump.validation) {
    // The client schema's DateTime accepts anything (see below).
    if (JSON.stringify(c.errors).includes('DateTime')) continue;
    const theirs = graphql.validate(schema, graphql.parse(c.document));
    check(`validation ${c.document}`, shape(c.errors), shape(theirs));
  }

  for (const c of dump.requests) {
    // A client schema's custom scalars accept anything: cases that rely on
    // a parse hook cannot be compared.
    if (c.document.includes('DateTime')) continue;
    // As a server does: parse, validate, then execute.
    const result = run(() => {
      const document = graphql.parse(c.document);
      const errors = graphql.validate(schema, document);
      if (errors.length > 0) return { errors };
      return graphql.executeSync({
        schema,
        document,
        variableValues: c.variables,
        operationName: c.operationName === null ? undefined : c.operationName,
      });
    });
    check(`request ${c.name}`, shape(c.response.errors), shape(result.errors));
  }

  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = main();
