// Shared by the designer page and the operations page: the API key, kept in this browser tab only (sessionStorage),
// sent as the X-Api-Key header with every call: reading runs and their journals needs it, and so does every change.
(function () {
  'use strict';
  const storageKey = 'saga.apiKey';
  const header = 'X-Api-Key';

  const Saga = window.Saga = {
    apiKey: () => sessionStorage.getItem(storageKey) || '',

    setApiKey(key) {
      if (key) sessionStorage.setItem(storageKey, key);
      else sessionStorage.removeItem(storageKey);
      renderKeyBar();
      window.dispatchEvent(new Event('saga:apikey')); // the pages read again, with the key (or stop reading without it)
    },

    /** fetch() against our API: JSON in and out, the API key attached, problems thrown as Errors with their detail. */
    async api(method, url, body, extraHeaders) {
      const headers = Object.assign({ 'Accept': 'application/json' }, extraHeaders || {});
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      if (Saga.apiKey()) headers[header] = Saga.apiKey();
      const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await response.text();
      const data = text ? JSON.parse(text) : null;
      if (!response.ok) {
        const detail = data && (data.detail || data.title) || response.statusText;
        throw new Error(`${response.status}: ${detail}`);
      }
      return data;
    },

    /** GET url with the API key, as a Blob (a report to open in a tab: a plain link cannot carry the key header). */
    async blob(url) {
      const headers = {};
      if (Saga.apiKey()) headers[header] = Saga.apiKey();
      const response = await fetch(url, { headers });
      if (!response.ok) {
        const text = await response.text();
        let detail = response.statusText;
        try { const data = JSON.parse(text); detail = data.detail || data.title || detail; } catch { /* not a problem document */ }
        throw new Error(`${response.status}: ${detail}`);
      }
      return response.blob();
    },
  };

  function renderKeyBar() {
    let bar = document.getElementById('saga-keybar');
    if (!bar) {
      bar = document.createElement('form');
      bar.id = 'saga-keybar';
      bar.className = 'saga-keybar';
      bar.addEventListener('submit', e => {
        e.preventDefault();
        const input = bar.querySelector('input');
        Saga.setApiKey(input ? input.value.trim() : '');
        // The studio read its screen without the key (instances answer 401 then): read it again with the key.
        if (studio && Saga.apiKey()) location.reload();
      });
      document.body.appendChild(bar);
    }
    const onOperations = location.pathname.startsWith('/designer/operations');
    const nav = onOperations ? '<a href="/designer/">Designer</a>' : '<a href="/designer/operations">Operations</a>';
    bar.replaceChildren();
    if (Saga.apiKey()) {
      bar.insertAdjacentHTML('beforeend',
        `${nav}<span class="saga-keyset" data-saga="key-set">API key set for this tab</span>` +
        '<button type="button" class="saga-secondary" data-saga="forget-key">Forget</button>');
      bar.querySelector('[data-saga=forget-key]').addEventListener('click', () => Saga.setApiKey(''));
    } else {
      bar.insertAdjacentHTML('beforeend',
        `${nav}<span class="saga-keymissing">Runs and changes need the API key:</span>` +
        '<input type="password" autocomplete="off" placeholder="API key" aria-label="API key" data-saga="key">' +
        '<button type="submit" data-saga="use-key">Use</button>');
    }
  }

  // The studio creates its HTTP client (axios) once; a request interceptor reads the key at each call, so a key
  // entered after the page loaded is used too. 'initializing' fires before the client exists.
  const studio = document.querySelector('elsa-studio-root');
  if (studio) {
    studio.addEventListener('initializing', e => {
      e.detail.eventBus.on('http-client-created', args => {
        args._httpClient.interceptors.request.use(config => {
          const key = Saga.apiKey();
          if (key) config.headers[header] = key;
          return config;
        });
      });
    });
  }

  if (document.body) renderKeyBar();
  else document.addEventListener('DOMContentLoaded', renderKeyBar);
})();
