// Journal enhancements. Every screen works without this file.
"use strict";

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

  document.addEventListener("DOMContentLoaded", () => startTimers(document));
  document.addEventListener("htmx:load", (event) => startTimers(event.target));
})();
