// The playground page (page.html): the key lives in this browser's
// localStorage only and goes, as "Authorization: Bearer", to this server
// only (relative URLs). GraphiQL on /graphql and /metadata; Swagger UI on
// the workspace's OpenAPI documents, every "Try it out" call with the key.
(function () {
  'use strict';
  var STORAGE_KEY = 'vingt.playground.apiKey';
  var input = document.getElementById('key');
  var state = document.getElementById('key-state');
  function key() { return localStorage.getItem(STORAGE_KEY) || ''; }
  function authHeaders() { return key() ? { Authorization: 'Bearer ' + key() } : {}; }
  input.value = key();

  // GraphiQL's Storage interface over localStorage, under a prefix per endpoint.
  function endpointStorage(endpoint) {
    var prefix = 'vingt.playground.' + endpoint + '.';
    return {
      getItem: function (k) { return localStorage.getItem(prefix + k); },
      setItem: function (k, v) { localStorage.setItem(prefix + k, v); },
      removeItem: function (k) { localStorage.removeItem(prefix + k); },
      clear: function () {
        Object.keys(localStorage).forEach(function (k) {
          if (k.indexOf(prefix) === 0) localStorage.removeItem(k);
        });
      },
      get length() {
        return Object.keys(localStorage).filter(function (k) { return k.indexOf(prefix) === 0; }).length;
      },
    };
  }

  var graphiqlRoot = null;
  var current = null;
  function show(tab) {
    current = tab;
    if (location.hash !== '#' + tab) history.replaceState(null, '', '#' + tab);
    document.querySelectorAll('nav button').forEach(function (b) {
      b.classList.toggle('active', b.getAttribute('data-tab') === tab);
    });
    state.textContent = key() ? 'key set' : 'no key: calls answer 401';
    var g = document.getElementById('graphiql');
    var s = document.getElementById('swagger');
    if (tab === 'graphql' || tab === 'metadata') {
      s.style.display = 'none';
      g.style.display = 'block';
      if (!key()) {
        // GraphiQL would fetch the schema at once and show a 401.
        if (graphiqlRoot) { graphiqlRoot.unmount(); graphiqlRoot = null; }
        g.innerHTML = '<p id="graphiql-needs-key" style="padding: 1rem">' +
          'Enter an API key of this workspace above: the GraphQL schema is the workspace\'s.</p>';
        return;
      }
      var url = '/' + tab;
      var fetcher = GraphiQL.createFetcher({ url: url, headers: authHeaders() });
      if (!graphiqlRoot) graphiqlRoot = ReactDOM.createRoot(g);
      // A new element per endpoint and key: the schema is fetched again.
      // Tabs, queries and history are kept per endpoint: a /graphql query
      // means nothing to /metadata.
      graphiqlRoot.render(React.createElement(GraphiQL, {
        fetcher: fetcher, key: url + '|' + key(), storage: endpointStorage(tab),
      }));
    } else {
      g.style.display = 'none';
      s.style.display = 'block';
      s.innerHTML = '';
      SwaggerUIBundle({
        dom_id: '#swagger',
        url: tab === 'rest' ? '/open-api/core' : '/open-api/metadata',
        tryItOutEnabled: true,
        requestInterceptor: function (req) {
          var h = authHeaders();
          if (h.Authorization) req.headers.Authorization = h.Authorization;
          return req;
        },
      });
    }
  }
  document.getElementById('use-key').addEventListener('click', function () {
    localStorage.setItem(STORAGE_KEY, input.value.trim());
    show(current);
  });
  document.querySelectorAll('nav button').forEach(function (b) {
    b.addEventListener('click', function () { show(b.getAttribute('data-tab')); });
  });
  var tabs = ['graphql', 'metadata', 'rest', 'rest-metadata'];
  var wanted = location.hash.slice(1);
  show(tabs.indexOf(wanted) >= 0 ? wanted : 'graphql');
})();
