// CrampLog's offline queue, shared by the page (app.js) and the service
// worker (Background Sync): cramps waiting in IndexedDB and the one function
// that sends them. No DOM here, so both contexts can load it.
"use strict";

(function (scope) {
  const DB_NAME = "cramplog";
  const DB_VERSION = 2;
  const STORE = "queue";
  const META = "meta";
  const SYNC_URL = "/api/cramps/sync/";

  function openDb() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE, { keyPath: "id" });
        if (!db.objectStoreNames.contains(META)) db.createObjectStore(META);
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  async function withStore(name, mode, action) {
    const db = await openDb();
    return new Promise((resolve, reject) => {
      const tx = db.transaction(name, mode);
      const request = action(tx.objectStore(name));
      tx.oncomplete = () => {
        db.close();
        resolve(request ? request.result : undefined);
      };
      tx.onerror = () => reject(tx.error);
    });
  }

  const all = () => withStore(STORE, "readonly", (store) => store.getAll());
  const put = (entry) => withStore(STORE, "readwrite", (store) => store.put(entry));
  const remove = (id) => withStore(STORE, "readwrite", (store) => store.delete(id));
  const setMeta = (key, value) => withStore(META, "readwrite", (store) => store.put(value, key));
  const getMeta = (key) => withStore(META, "readonly", (store) => store.get(key));

  // Send every waiting entry once. Returns {status, created}:
  //   "ok"     the server answered (entries removed, or marked rejected with a reason);
  //   "login"  the session or its CSRF token is gone: the queue is kept;
  //   "retry"  no connection or a server error: the queue is kept for the next try;
  //   "empty"  nothing was waiting.
  async function send() {
    const entries = (await all()).filter((entry) => entry.status === "waiting");
    if (!entries.length) return { status: "empty", created: false };
    const token = (await getMeta("csrf")) || "";
    let response;
    try {
      response = await fetch(SYNC_URL, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": token },
        body: JSON.stringify({
          entries: entries.map(({ id, tapped_at, muscle, side, duration_seconds }) => ({
            id, tapped_at, muscle, side, duration_seconds: duration_seconds || null,
          })),
        }),
      });
    } catch (error) {
      return { status: "retry", created: false };
    }
    if (response.status === 401 || response.status === 403) return { status: "login", created: false };
    if (!response.ok) return { status: "retry", created: false };
    const { results } = await response.json();
    let created = false;
    for (const result of results) {
      const entry = entries.find((candidate) => candidate.id === result.id);
      if (!entry) continue;
      if (result.status === "rejected") {
        const reasons = Object.values(result.errors || {}).flat().join(" ");
        await put({ ...entry, status: "rejected", reason: reasons || "rejected" });
        continue;
      }
      await remove(entry.id);
      created = created || result.status === "created";
      if (entry.cancel_url) {
        // The timer ran on the server and was stopped offline: end it there too.
        await fetch(entry.cancel_url, {
          method: "POST",
          credentials: "same-origin",
          headers: { "X-CSRFToken": token },
        }).catch(() => {});
      }
    }
    return { status: "ok", created };
  }

  scope.CrampQueue = { all, put, remove, setMeta, getMeta, send };
})(self);
