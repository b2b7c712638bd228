// The API playground (server/playground/) in a real browser: headless
// Chromium against the real binary. Loads /playground, enters the key as a
// user would, runs a GraphQL query in GraphiQL on /graphql and /metadata and
// a REST call from Swagger UI's reference, and checks the answers the page
// shows. Any page error, console error, failed request, answer >= 400 or
// request leaving this server fails the test. Screenshots of each step are
// kept in the artefact directory.
//
//   VINGT_URL=http://127.0.0.1:PORT VINGT_TOKEN=KEY node playground_browser_test.mjs ARTEFACT_DIR
import { writeFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Browser } from './cdp_pipe.mjs';

const origin = process.env.VINGT_URL;
const token = process.env.VINGT_TOKEN;
const artefacts = process.argv[2];
if (!origin || !token || !artefacts) {
  console.error('usage: VINGT_URL=… VINGT_TOKEN=… node playground_browser_test.mjs ARTEFACT_DIR');
  process.exit(2);
}
mkdirSync(artefacts, { recursive: true });
for (const old of readdirSync(artefacts)) if (old.endsWith('.png')) rmSync(join(artefacts, old));

// A record the page must show, written through the API beforehand.
const created = await fetch(`${origin}/rest/people`, {
  method: 'POST',
  headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
  body: JSON.stringify({ name: { firstName: 'Grace', lastName: 'Hopper' }, jobTitle: 'Rear admiral' }),
});
if (created.status !== 201) throw new Error(`creating the person: ${created.status} ${await created.text()}`);

const problems = [];
const requests = new Map();     // requestId -> {url, method, headers, status}
const browser = Browser.launch();
let page;
let step = 'start';

async function screenshot(name) {
  const { data } = await page.send('Page.captureScreenshot', { format: 'png' });
  writeFileSync(join(artefacts, `${name}.png`), Buffer.from(data, 'base64'));
}

// Waits until a request to `path` (and method) has answered; returns it.
async function answered(method, pathPrefix, after, what) {
  const deadline = Date.now() + 20000;
  for (;;) {
    for (const [, r] of requests) {
      if (r.seq > after && r.method === method && new URL(r.url).pathname.startsWith(pathPrefix) && r.status) return r;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
let sequence = 0;

const queryEditor = `document.querySelector('.graphiql-query-editor .CodeMirror')`;
// Puts a query in GraphiQL's editor (again, until it stays: GraphiQL may
// restore its stored tab state just after mounting).
async function setQuery(text) {
  const literal = JSON.stringify(text);
  await page.waitFor(`(() => {
    const e = ${queryEditor};
    if (!e) return false;
    if (e.CodeMirror.getValue() === ${literal}) return true;
    e.CodeMirror.setValue(${literal});
    return false;
  })()`, 'the query editor to hold the query');
}

try {
  page = await browser.newPage();
  page.on((method, params) => {
    switch (method) {
      case 'Runtime.exceptionThrown':
        problems.push(`[${step}] page error: ${params.exceptionDetails.exception?.description ?? params.exceptionDetails.text}`);
        break;
      case 'Runtime.consoleAPICalled':
        if (params.type === 'error') {
          problems.push(`[${step}] console error: ${params.args.map((a) => a.value ?? a.description).join(' ')}`);
        }
        break;
      case 'Log.entryAdded':
        if (params.entry.level === 'error') problems.push(`[${step}] browser log error: ${params.entry.text} ${params.entry.url ?? ''}`);
        break;
      case 'Network.requestWillBeSent': {
        const { url, method: verb, headers, postData } = params.request;
        requests.set(params.requestId, { url, method: verb, headers, postData, seq: ++sequence });
        if (!url.startsWith(origin + '/') && !url.startsWith('data:')) {
          problems.push(`[${step}] request leaves this server: ${verb} ${url}`);
        }
        break;
      }
      case 'Network.responseReceived': {
        const r = requests.get(params.requestId);
        if (r) r.status = params.response.status;
        if (params.response.status >= 400) {
          problems.push(`[${step}] ${params.response.status} for ${params.response.url}`);
        }
        break;
      }
      case 'Network.loadingFailed':
        problems.push(`[${step}] request failed: ${requests.get(params.requestId)?.url} ${params.errorText}`);
        break;
      default:
        break;
    }
  });
  for (const domain of ['Page', 'Runtime', 'Network', 'Log']) await page.send(`${domain}.enable`);

  step = 'load';
  await page.send('Page.navigate', { url: `${origin}/playground` });
  await page.waitFor(`document.readyState === 'complete'`, 'the page to load');
  // Without a key the page asks for one instead of calling the API.
  await page.waitFor(`document.getElementById('graphiql-needs-key')`, 'the request for a key');

  step = 'enter key';
  await page.type(`document.getElementById('key')`, token, 'the key input');
  let mark = sequence;
  await page.click(`document.getElementById('use-key')`, 'the "Use key" button');
  const stored = await page.evaluate(`localStorage.getItem('vingt.playground.apiKey')`);
  if (stored !== token) throw new Error('the key is not in localStorage');
  // GraphiQL fetches the workspace's schema by introspection, with the key.
  const introspection = await answered('POST', '/graphql', mark, 'the introspection of /graphql');
  if (introspection.status !== 200 || introspection.headers.Authorization !== `Bearer ${token}`) {
    throw new Error(`introspection: ${introspection.status}, Authorization ${introspection.headers.Authorization}`);
  }

  step = 'graphql validation';
  // Schema-aware validation: an unknown field is marked in the editor.
  await setQuery('{ people { edges { node { notAField } } } }');
  await page.waitFor(`document.querySelector('.graphiql-query-editor .CodeMirror-lint-mark-error')`,
    'the editor to mark an unknown field');

  step = 'graphql query';
  await setQuery('');
  await page.click(`document.querySelector('.graphiql-query-editor .CodeMirror-code')`, 'the query editor');
  await page.send('Input.insertText', { text: 'query People { people(filter: { jobTitle: { eq: "Rear admiral" } }) { totalCount edges { node { name { firstName lastName } } } } }' });
  mark = sequence;
  await page.click(`document.querySelector('.graphiql-execute-button')`, 'the run button');
  const gqlCall = await answered('POST', '/graphql', mark, 'the query');
  if (gqlCall.status !== 200 || !JSON.parse(gqlCall.postData).query.includes('Rear admiral')) {
    throw new Error(`query ${gqlCall.postData} answered ${gqlCall.status}`);
  }
  const shown = JSON.parse(await page.waitFor(`(() => {
    const e = document.querySelector('.graphiql-response .CodeMirror');
    const text = e && e.CodeMirror.getValue();
    return text && text.includes('"data"') ? text : null;
  })()`, 'the query result'));
  const people = shown.data.people;
  if (people.totalCount !== 1 || people.edges[0].node.name.firstName !== 'Grace' ||
      people.edges[0].node.name.lastName !== 'Hopper') {
    throw new Error(`GraphiQL shows ${JSON.stringify(shown)}`);
  }
  await screenshot('graphql');

  step = 'metadata query';
  mark = sequence;
  await page.click(`document.querySelector('nav button[data-tab=metadata]')`, 'the /metadata tab');
  await answered('POST', '/metadata', mark, 'the introspection of /metadata');
  await setQuery('{ objects(paging: { first: 200 }) { edges { node { nameSingular isCustom } } } }');
  mark = sequence;
  await page.click(`document.querySelector('.graphiql-execute-button')`, 'the run button on /metadata');
  await answered('POST', '/metadata', mark, 'the metadata query');
  const objects = JSON.parse(await page.waitFor(`(() => {
    const e = document.querySelector('.graphiql-response .CodeMirror');
    const text = e && e.CodeMirror.getValue();
    return text && text.includes('"data"') ? text : null;
  })()`, 'the metadata result'));
  const names = objects.data.objects.edges.map((e) => e.node.nameSingular);
  if (!names.includes('person') || !names.includes('company')) throw new Error(`/metadata objects: ${names}`);
  await screenshot('metadata');

  step = 'rest reference';
  mark = sequence;
  await page.click(`document.querySelector('nav button[data-tab=rest]')`, 'the REST core tab');
  await answered('GET', '/open-api/core', mark, 'the core OpenAPI document');
  const listPeople = `[...document.querySelectorAll('.opblock.opblock-get')].find((b) =>
      b.querySelector('.opblock-summary-path')?.getAttribute('data-path') === '/people')`;
  await page.click(`${listPeople}?.querySelector('.opblock-summary')`, 'GET /people in the reference');

  step = 'rest try it out';
  // Swagger UI fills the parameters with the document's examples; the
  // filter is replaced by one that finds the person.
  await page.type(`${listPeople}?.querySelector('tr[data-param-name="limit"] input')`, '5', 'the limit parameter');
  await page.type(`${listPeople}?.querySelector('tr[data-param-name="filter"] input')`, 'name.firstName[eq]:"Grace"', 'the filter parameter');
  mark = sequence;
  await page.click(`${listPeople}?.querySelector('button.execute')`, 'the Execute button');
  const restCall = await answered('GET', '/rest/people', mark, 'the REST call');
  const sent = new URL(restCall.url).searchParams;
  if (sent.get('limit') !== '5' || sent.get('filter') !== 'name.firstName[eq]:"Grace"' ||
      restCall.headers.Authorization !== `Bearer ${token}`) {
    throw new Error(`REST call sent as ${restCall.url} with Authorization ${restCall.headers.Authorization}`);
  }
  const status = await page.waitFor(`${listPeople}?.querySelector('.live-responses-table tbody .response-col_status')?.textContent.trim()`,
    'the response status in the reference');
  const body = await page.waitFor(`${listPeople}?.querySelector('.live-responses-table tbody .response-col_description pre')?.textContent`,
    'the response body in the reference');
  const restAnswer = JSON.parse(body);
  if (status !== '200' || restAnswer.data.people.length !== 1 || restAnswer.data.people[0].name.firstName !== 'Grace') {
    throw new Error(`Swagger UI shows ${status} for ${restCall.url}: ${body.slice(0, 300)}`);
  }
  await screenshot('rest');
} catch (error) {
  if (page) await screenshot('failure').catch(() => {});
  problems.push(`[${step}] ${error.stack ?? error}`);
} finally {
  await browser.close();
}

if (problems.length) {
  console.error(`playground browser test FAILED (screenshots in ${artefacts}):\n${problems.join('\n')}`);
  process.exit(1);
}
console.log(`playground browser test passed: GraphQL on /graphql and /metadata, REST from the reference; ${sequence} requests, all to this server (screenshots in ${artefacts})`);
