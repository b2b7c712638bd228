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
      var url = '/' + tab;
      var fetcher = GraphiQL.createFetcher({ url: url, headers: authHeaders() });
      if (!graphiqlRoot) graphiqlRoot = ReactDOM.createRoot(g);
      // A new element per endpoint and key: the schema is fetched again.
      graphiqlRoot.render(React.createElement(GraphiQL, { fetcher: fetcher, key: url + '|' + key() }));
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
