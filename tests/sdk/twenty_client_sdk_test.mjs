// Twenty's official client SDK (npm twenty-client-sdk, pinned in
// package-lock.json) against a running vingt: its prebuilt MetadataApiClient
// on /metadata (typed from Twenty's own metadata schema), its RestApiClient,
// and a core client generated from vingt's /graphql introspection the way
// the SDK's replaceCoreClient does. Run by run_sdk_test.sh.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { buildClientSchema, getIntrospectionQuery, printSchema } from 'graphql';
import { generateCoreClientFromSchema } from 'twenty-client-sdk/generate';
import { MetadataApiClient } from 'twenty-client-sdk/metadata';
import { RestApiClient } from 'twenty-client-sdk/rest';

const url = process.env.VINGT_URL;
const token = process.env.VINGT_TOKEN;
assert.ok(url && token, 'VINGT_URL and VINGT_TOKEN are required');
const auth = { Authorization: `Bearer ${token}` };

// ---- metadata: every scalar Twenty 2.43 declares on Object and Field ----
const metadata = new MetadataApiClient({ url: `${url}/metadata`, headers: auth });
const objects = await metadata.query({
  objects: { __args: { paging: { first: 100 }, filter: {} }, edges: { node: { __scalar: true } } },
});
const person = objects.objects.edges.map((e) => e.node).find((o) => o.nameSingular === 'person');
assert.ok(person, 'person object');
assert.equal(person.universalIdentifier, person.id);
assert.equal(person.isUIEditable, true);
assert.equal(person.openRecordIn, 'USER_CHOICE');
assert.equal(person.writability, 'OPEN');

const fields = await metadata.query({
  fields: {
    __args: { paging: { first: 1000 }, filter: { objectMetadataId: { eq: person.id } } },
    edges: { node: { __scalar: true } },
  },
});
const personFields = fields.fields.edges.map((e) => e.node);
assert.ok(personFields.length > 10);
assert.ok(personFields.every((f) => f.objectMetadataId === person.id), 'objectMetadataId filter');
assert.equal(personFields.find((f) => f.name === 'emails').isSearchable, true);

const created = await metadata.mutation({
  createOneObject: {
    __args: {
      input: {
        object: { nameSingular: 'sdkPet', namePlural: 'sdkPets', labelSingular: 'SDK pet', labelPlural: 'SDK pets' },
      },
    },
    id: true,
    nameSingular: true,
    isUICreatable: true,
  },
});
assert.equal(created.createOneObject.nameSingular, 'sdkPet');

// ---- REST ----
const rest = new RestApiClient({ baseUrl: url, token });
const ada = await rest.post('/rest/people', { name: { firstName: 'Ada', lastName: 'Lovelace' }, city: 'London' });
const adaId = ada.data.createPerson.id;
const londoners = await rest.get('/rest/people', { query: { filter: 'city[eq]:London' } });
assert.deepEqual(
  londoners.data.people.map((p) => p.id),
  [adaId],
);
await rest.patch(`/rest/people/${adaId}`, { jobTitle: 'Analyst' });
assert.equal((await rest.get(`/rest/people/${adaId}`)).data.person.jobTitle, 'Analyst');
await assert.rejects(rest.get('/rest/people/not-an-id'), (e) => e.status === 400);

// ---- core client generated from vingt's schema ----
const introspection = await (
  await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...auth },
    body: JSON.stringify({ query: getIntrospectionQuery() }),
  })
).json();
assert.ok(introspection.data, JSON.stringify(introspection.errors));
const out = mkdtempSync(join(tmpdir(), 'vingt-sdk-core-'));
await generateCoreClientFromSchema({ schema: printSchema(buildClientSchema(introspection.data)), outputPath: out });
const { CoreApiClient } = await import(pathToFileURL(join(out, 'index.mjs')).href);
const core = new CoreApiClient({ url: `${url}/graphql`, headers: auth });
const found = await core.query({
  people: {
    __args: { filter: { city: { eq: 'London' } }, first: 10 },
    totalCount: true,
    edges: { node: { id: true, name: { firstName: true }, jobTitle: true } },
  },
});
assert.equal(found.people.totalCount, 1);
assert.equal(found.people.edges[0].node.name.firstName, 'Ada');
const grace = await core.mutation({
  createPerson: { __args: { data: { name: { firstName: 'Grace' }, city: 'Arlington' } }, id: true, city: true },
});
assert.equal(grace.createPerson.city, 'Arlington');
const pets = await core.query({ sdkPets: { totalCount: true } });
assert.equal(pets.sdkPets.totalCount, 0);

console.log('twenty-client-sdk: metadata, REST and generated core clients work against vingt');
