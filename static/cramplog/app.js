// CrampLog's one script (no build step). The app works without it. The service
// worker imports it too, for the offline queue, so everything that needs a page
// sits behind one check. URLs come from the server (the page's <body> data
// attributes, or the service worker, which is a template): none is written here.
"use strict";

// --- The offline queue (page and service worker) ------------------------------
// Cramps waiting in IndexedDB and the one function that sends them. No DOM
// here: the service worker's Background Sync runs the same code.
(function (scope) {
  const DB_NAME = "cramplog";
  const DB_VERSION = 2;
  const STORE = "queue";
  const META = "meta";

  // Set by sw.js before it imports this file; on a page, the <body> carries it.
  function syncUrl() {
    return scope.CRAMPLOG_SYNC_URL || scope.document.body.dataset.syncUrl;
  }

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
    // The browser knows it has no connection: do not fire a request that can only
    // fail (the page syncs on "online"; Background Sync retries on its own).
    if (self.navigator && self.navigator.onLine === false) return { status: "retry", created: false };
    const token = (await getMeta("csrf")) || "";
    let response;
    try {
      response = await fetch(syncUrl(), {
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
    if (response.status === 401 || response.status === 403) {
      const { login_url: loginUrl } = await response.json().catch(() => ({}));
      return { status: "login", created: false, loginUrl };
    }
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

// --- Pages only -------------------------------------------------------------
if (typeof document !== "undefined") {
  // Words people read come from Django's JavaScript catalog, which the page
  // carries as data in its own language (base.html). A word it lacks stays English.
  const catalogData = document.getElementById("javascript-catalog");
  const catalog = catalogData ? JSON.parse(catalogData.textContent) : {};
  const gettext = (text) => (typeof catalog[text] === "string" ? catalog[text] : text);
  const interpolate = (format, values) =>
    format.replace(/%\((\w+)\)s/g, (match, name) => String(values[name]));
  // Times people read, in the page's language (23:10, 11:10 p. m.).
  const pageLanguage = () => document.documentElement.lang || [];
  const clockTime = (date) => date.toLocaleTimeString(pageLanguage(), { hour: "2-digit", minute: "2-digit" });

  // --- Sign-up -----------------------------------------------------------------

  document.addEventListener("DOMContentLoaded", () => {
    // Pre-fill the time zone from the phone on sign-up.
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    for (const select of document.querySelectorAll("select[data-browser-zone]")) {
      if (zone && [...select.options].some((o) => o.value === zone) && !select.dataset.touched) {
        select.value = zone;
      }
    }
  });

  // Export: choosing "Since a date" or "From … to …" opens the folded date fields.
  document.addEventListener("change", (event) => {
    const input = event.target;
    if (input.name !== "period" || !["since", "custom"].includes(input.value)) return;
    const fold = input.form && input.form.querySelector("details.fold");
    if (fold) fold.open = true;
  });

  // --- Journal screens: timers, duration presets, the details card -------------

  (() => {
    document.documentElement.classList.add("js");

    function pad(n) {
      return String(n).padStart(2, "0");
    }

    // The timer's start lives on the server; this only counts up from it, so a
    // reload or a locked phone loses nothing.
    function startTimers(root) {
      for (const el of root.querySelectorAll("[data-timer-start]")) {
        if (el.dataset.ticking) continue;
        el.dataset.ticking = "1";
        const started = Date.parse(el.dataset.timerStart);
        const tick = () => {
          if (!el.isConnected) {
            clearInterval(handle);
            return;
          }
          const total = Math.max(0, Math.floor((Date.now() - started) / 1000));
          const h = Math.floor(total / 3600);
          const m = Math.floor((total % 3600) / 60);
          const s = total % 60;
          el.textContent = h ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
        };
        const handle = setInterval(tick, 1000);
        tick();
      }
    }

    // A duration is either a preset or exact minutes: choosing one clears the other,
    // so the change posted to the server says what the user meant.
    document.addEventListener(
      "change",
      (event) => {
        const target = event.target;
        if (!(target instanceof HTMLInputElement) || !target.form) return;
        const form = target.form;
        if (target.name === "duration_preset") {
          const exact = form.elements.namedItem("duration_minutes");
          if (exact) exact.value = "";
        } else if (target.name === "duration_minutes" && target.value !== "") {
          for (const radio of form.querySelectorAll("input[name=duration_preset]")) {
            radio.checked = false;
          }
        }
      },
      true,
    );

    // Picking a time from the list means "pick a time", without a second tap.
    document.addEventListener("change", (event) => {
      const target = event.target;
      if (target instanceof HTMLSelectElement && target.name === "picked_time" && target.form) {
        const pick = target.form.querySelector("input[name=when][value=pick]");
        if (pick) pick.checked = true;
      }
    });

    // A saved details change swaps only the status line, so what the user typed
    // meanwhile stays. Errors shown for an earlier, rejected change are now stale.
    document.addEventListener("htmx:afterRequest", (event) => {
      const form = event.detail.elt;
      if (!(form instanceof HTMLFormElement) || !("detailsForm" in form.dataset)) return;
      if (!event.detail.successful || event.detail.xhr.getResponseHeader("HX-Retarget")) return;
      for (const error of form.querySelectorAll(".field .error")) error.remove();
      for (const field of form.querySelectorAll(".field.has-error")) field.classList.remove("has-error");
    });

    // A red-flag notice arrives beside the field that raised it; scroll just enough
    // that it is on screen next to the box the user ticked.
    document.addEventListener("htmx:oobAfterSwap", (event) => {
      const box = event.detail.target;
      if (box instanceof HTMLElement && box.classList.contains("flag-slot") && box.firstElementChild) {
        box.scrollIntoView({ block: "nearest" });
      }
    });

    document.addEventListener("DOMContentLoaded", () => startTimers(document));
    document.addEventListener("htmx:load", (event) => startTimers(event.target));
  })();

  // --- Offline quick log --------------------------------------------------------
  // Registers the service worker, and when the phone has no connection queues a
  // quick-logged cramp (or a timed one) in IndexedDB with a UUID made here and
  // the moment of the tap. The queue (the first section of this file, shared with the
  // service worker) is shown as "waiting to sync" and posted to the sync API
  // when the connection returns: by Background Sync where the browser has it,
  // and by this page on the `online` event, on the next page load and when the
  // page becomes visible again. The server answers per entry; a rejected entry
  // stays listed with its reason until dismissed.
  //
  // Markup contract (templates/journal/home.html):
  //   <form data-offline-log> with fields muscle, side, optional when (minutes ago
  //     or "now") and client_token;
  //   the timer card [data-offline-timer] with data-started (ISO), data-muscle,
  //     data-side and data-cancel-url; the start button carries
  //     data-timer-action="start", the stop form data-timer-action="stop";
  //   [data-offline-timer-status] where a timer started offline is shown;
  //   <section data-offline-queue hidden> where the queue is listed.

  (() => {
    const TIMER_KEY = "cramplog-offline-timer";
    const SYNC_TAG = "cramplog-sync";
    const queue = self.CrampQueue;

    function uuid() {
      if (crypto.randomUUID) return crypto.randomUUID();
      const bytes = crypto.getRandomValues(new Uint8Array(16));
      bytes[6] = (bytes[6] & 0x0f) | 0x40;
      bytes[8] = (bytes[8] & 0x3f) | 0x80;
      const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    }

    function csrfToken() {
      const headers = document.body.getAttribute("hx-headers");
      try {
        return JSON.parse(headers)["x-csrftoken"];
      } catch (error) {
        return "";
      }
    }

    function formValue(form, name) {
      const field = form.elements.namedItem(name);
      if (!field) return "";
      return field.value; // a RadioNodeList's value is its checked radio's
    }

    function tappedAt(form) {
      const when = formValue(form, "when");
      const minutes = /^\d+$/.test(when) ? Number(when) : 0;
      if (when === "pick") {
        const picked = formValue(form, "picked_time");
        if (picked) return new Date(picked);
      }
      return new Date(Date.now() - minutes * 60000);
    }

    function label(value, form, name) {
      const input = form && form.querySelector(`[name="${name}"][value="${value}"]`);
      const text = input && input.labels && input.labels[0] ? input.labels[0].textContent.trim() : value;
      // No side chosen is saved as "not recorded", and said so.
      return text || value || (name === "side" ? gettext("side not recorded") : "");
    }

    async function enqueue(entry) {
      await queue.put({ ...entry, status: "waiting", reason: "" });
      // The service worker sends the queue later with this page's CSRF token.
      await queue.setMeta("csrf", csrfToken());
      await render();
      requestBackgroundSync();
    }

    function requestBackgroundSync() {
      if (!("serviceWorker" in navigator)) return;
      navigator.serviceWorker.ready
        .then((registration) => registration.sync && registration.sync.register(SYNC_TAG))
        .catch(() => {});
    }

    async function queueFromForm(form) {
      const token = formValue(form, "client_token");
      const muscle = formValue(form, "muscle");
      const side = formValue(form, "side") || "";
      await enqueue({
        id: token || uuid(),
        tapped_at: tappedAt(form).toISOString(),
        muscle,
        side,
        muscle_label: label(muscle, form, "muscle"),
        side_label: label(side, form, "side"),
      });
      // A fresh token for the next tap, so two offline cramps stay two.
      const field = form.elements.namedItem("client_token");
      if (field && field.value !== undefined) field.value = uuid();
    }

    // --- Timer -----------------------------------------------------------------

    function timerElement() {
      return document.querySelector("[data-offline-timer]");
    }

    function offlineTimer() {
      try {
        return JSON.parse(localStorage.getItem(TIMER_KEY) || "null");
      } catch (error) {
        return null;
      }
    }

    async function startOfflineTimer(form) {
      const element = timerElement();
      const state = {
        started: new Date().toISOString(),
        muscle: formValue(form, "muscle") || (element && element.dataset.muscle) || "calf",
        side: formValue(form, "side") || (element && element.dataset.side) || "",
      };
      state.muscle_label = label(state.muscle, form, "muscle");
      state.side_label = label(state.side, form, "side");
      localStorage.setItem(TIMER_KEY, JSON.stringify(state));
      showOfflineTimer(state);
    }

    async function stopTimer() {
      const element = timerElement();
      const serverStarted = element && element.dataset.started;
      const state = offlineTimer() || (serverStarted
        ? { started: serverStarted, muscle: element.dataset.muscle, side: element.dataset.side, server: true }
        : null);
      if (!state) return;
      const seconds = Math.max(1, Math.round((Date.now() - new Date(state.started).getTime()) / 1000));
      await enqueue({
        id: uuid(),
        tapped_at: state.started,
        muscle: state.muscle,
        side: state.side,
        duration_seconds: seconds,
        muscle_label: state.muscle_label || state.muscle,
        side_label: state.side_label || state.side,
        cancel_url: state.server && element ? element.dataset.cancelUrl : "",
      });
      localStorage.removeItem(TIMER_KEY);
      showOfflineTimer(null);
    }

    function showOfflineTimer(state) {
      const box = document.querySelector("[data-offline-timer-status]");
      if (!box) return;
      box.hidden = !state;
      box.replaceChildren();
      if (!state) return;
      const since = clockTime(new Date(state.started));
      const text = document.createElement("p");
      text.textContent = interpolate(gettext("Timer running on this phone since %(time)s (offline)."), { time: since }, true);
      const stop = document.createElement("button");
      stop.type = "button";
      stop.className = "button primary big wide";
      stop.textContent = gettext("It stopped");
      stop.addEventListener("click", stopTimer);
      box.append(text, stop);
    }

    // --- Rendering the queue ------------------------------------------------------

    function queueSection() {
      let section = document.querySelector("[data-offline-queue]");
      if (!section) {
        section = document.createElement("section");
        section.dataset.offlineQueue = "";
        section.className = "card offline-queue";
        const main = document.querySelector("main");
        if (!main) return null;
        main.prepend(section);
      }
      return section;
    }

    // The same rule as journal/formatting.py format_duration: "45 s", "1 min 30 s", "1 h 5 min".
    // Translators: abbreviations of seconds (s), minutes (min) and hours (h).
    function formatDuration(total) {
      const seconds = Math.round(total);
      if (seconds < 60) return interpolate(gettext("%(seconds)s s"), { seconds }, true);
      const minutes = Math.floor(seconds / 60);
      if (minutes < 60) {
        return seconds % 60
          ? interpolate(gettext("%(minutes)s min %(seconds)s s"), { minutes, seconds: seconds % 60 }, true)
          : interpolate(gettext("%(minutes)s min"), { minutes }, true);
      }
      const hours = Math.floor(minutes / 60);
      return minutes % 60
        ? interpolate(gettext("%(hours)s h %(minutes)s min"), { hours, minutes: minutes % 60 }, true)
        : interpolate(gettext("%(hours)s h"), { hours }, true);
    }

    let sending = false; // a sync request is out right now
    // The log-in URL while the server refuses the queue (session gone), else null.
    // Part of what render() draws, so a redraw never loses the notice.
    let loginNeeded = null;

    async function render() {
      const entries = await queue.all();
      const section = queueSection();
      if (!section) return;
      section.hidden = entries.length === 0;
      section.replaceChildren();
      if (!entries.length) return;
      const heading = document.createElement("h2");
      // "Sending" only while a request is out: after a reload without signal the
      // browser may still say it is online, and nothing is being sent.
      heading.textContent = sending ? gettext("Sending to your journal…") : gettext("Offline: will send when connected");
      const note = document.createElement("p");
      note.className = "muted";
      note.textContent = gettext("These cramps are saved on this phone and will be sent to your journal when you are connected.");
      const list = document.createElement("ul");
      list.setAttribute("aria-label", gettext("Waiting to sync"));
      for (const entry of entries.sort((a, b) => a.tapped_at.localeCompare(b.tapped_at))) {
        const item = document.createElement("li");
        const values = {
          muscle: entry.muscle_label || entry.muscle,
          side: entry.side_label || entry.side,
          time: clockTime(new Date(entry.tapped_at)),
        };
        // Translators: a cramp waiting to be sent, e.g. "Calf (left) at 02:10, 1 min 30 s:"
        // followed by its state ("waiting to sync").
        item.textContent = entry.duration_seconds
          ? interpolate(
            gettext("%(muscle)s (%(side)s) at %(time)s, %(duration)s:"),
            { ...values, duration: formatDuration(entry.duration_seconds) },
            true,
          )
          : interpolate(gettext("%(muscle)s (%(side)s) at %(time)s:"), values, true);
        item.append(" ");
        const status = document.createElement("strong");
        // "rejected" is the queue's code for a refusal without a reason.
        const reason = entry.reason && entry.reason !== "rejected" ? entry.reason : "";
        if (entry.status !== "rejected") status.textContent = gettext("waiting to sync");
        else if (reason) status.textContent = interpolate(gettext("not saved: %(reason)s"), { reason }, true);
        else status.textContent = gettext("not saved");
        item.append(status);
        if (entry.status === "rejected") {
          const dismiss = document.createElement("button");
          dismiss.type = "button";
          dismiss.className = "button";
          dismiss.textContent = gettext("Dismiss");
          dismiss.addEventListener("click", async () => {
            await queue.remove(entry.id);
            await render();
          });
          item.append(" ", dismiss);
        }
        list.append(item);
      }
      section.append(heading, note, list);
      if (loginNeeded) section.append(loginNote(loginNeeded));
    }

    // --- Sync ---------------------------------------------------------------------

    let syncing = false;
    let syncAgain = false;

    async function sync() {
      if (!navigator.onLine) return;
      if (syncing) {
        syncAgain = true; // entries queued meanwhile go out right after this round
        return;
      }
      syncing = true;
      try {
        await queue.setMeta("csrf", csrfToken());
        sending = true;
        await render();
        let result;
        try {
          result = await queue.send();
        } finally {
          sending = false;
        }
        const { status, created, loginUrl } = result;
        if (status === "login") loginNeeded = `${loginUrl || document.body.dataset.loginUrl}?next=/`;
        else if (status !== "retry") loginNeeded = null;
        await render();
        if (created) document.dispatchEvent(new CustomEvent("cramplog:synced"));
      } finally {
        syncing = false;
        if (syncAgain) {
          syncAgain = false;
          sync();
        }
      }
    }

    function loginNote(href) {
      const note = document.createElement("p");
      note.dataset.loginNeeded = "";
      note.className = "notice warning";
      note.append(gettext("Log in again to send these cramps; they stay saved on this phone."), " ");
      const link = document.createElement("a");
      link.href = href;
      link.textContent = gettext("Log in");
      note.append(link);
      return note;
    }

    // --- Wiring ---------------------------------------------------------------------

    function offlineAction(form, submitter) {
      if (submitter && submitter.dataset.timerAction === "start") return () => startOfflineTimer(form);
      if (form.matches('[data-timer-action="stop"]')) return stopTimer;
      if (form.matches("[data-offline-log]")) return () => queueFromForm(form);
      return null;
    }

    document.addEventListener(
      "submit",
      (event) => {
        const form = event.target;
        if (!(form instanceof HTMLFormElement) || navigator.onLine) return;
        const action = offlineAction(form, event.submitter);
        if (!action) return;
        event.preventDefault();
        event.stopImmediatePropagation();
        action();
      },
      true,
    );

    // Connection that claims to be online but fails (one bar of signal).
    document.addEventListener("htmx:sendError", (event) => {
      const form = event.detail.elt && event.detail.elt.closest("form");
      const submitter = event.detail.requestConfig && event.detail.requestConfig.triggeringEvent
        ? event.detail.requestConfig.triggeringEvent.submitter
        : null;
      const action = form && offlineAction(form, submitter);
      if (action) action();
    });

    window.addEventListener("online", () => {
      render();
      sync();
    });
    window.addEventListener("offline", render);
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") sync();
    });
    document.addEventListener("DOMContentLoaded", () => {
      showOfflineTimer(offlineTimer());
      render().then(sync);
      const logout = document.querySelector("form[data-logout]");
      if (logout && navigator.serviceWorker && navigator.serviceWorker.controller) {
        logout.addEventListener("submit", () => navigator.serviceWorker.controller.postMessage("logged-out"));
      }
    });

    if ("serviceWorker" in navigator && document.body && document.body.dataset.authenticated === "true") {
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {});
      // The service worker synced in the background: show the queue as it is now.
      navigator.serviceWorker.addEventListener("message", (event) => {
        if (event.data === "synced") render();
      });
    }
    window.cramplogOffline = { sync, queue, render };
  })();
}
