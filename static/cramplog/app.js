// CrampLog's small progressive enhancements. The app works without this file.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // Pre-fill the time zone from the phone on sign-up.
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  for (const select of document.querySelectorAll("select[data-browser-zone]")) {
    if (zone && [...select.options].some((o) => o.value === zone) && !select.dataset.touched) {
      select.value = zone;
    }
  }
});
