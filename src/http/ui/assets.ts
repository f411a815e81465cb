/**
 * The web UI's only static files: one style sheet and one small script (live progress of a sync
 * run through server-sent events). Served by the UI routes from memory, same origin, so a strict
 * Content-Security-Policy (`default-src 'self'`) needs no exception: no inline style or script,
 * no CDN, no framework.
 */

/** URL of the style sheet. */
export const CSS_PATH = "/ui/app.css";
/** URL of the script. */
export const JS_PATH = "/ui/app.js";

/** The style sheet. Status is never shown by colour alone: every badge carries its word. */
export const APP_CSS = `
:root{--ink:#1b1b1b;--muted:#4a5560;--line:#c6ced6;--bg:#f6f7f9;--brand:#0b3d63;--ok:#1e6b34;--bad:#a3261b;--warn:#7a5200}
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:var(--ink);background:var(--bg)}
a{color:#0b4f8a}a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid #f0b400;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:.5rem;top:.5rem;background:#fff;padding:.3rem .6rem;z-index:9}
header.top{background:var(--brand);color:#fff;padding:.6rem 1.2rem;display:flex;gap:1.2rem;align-items:center;flex-wrap:wrap}
header.top a{color:#fff}header.top .brand{font-weight:700;text-decoration:none}
header.top nav ul{display:flex;gap:1rem;list-style:none;margin:0;padding:0}
header.top .who{margin-left:auto;display:flex;gap:.6rem;align-items:center}
header.top .who button{background:transparent;color:#fff;border:1px solid #fff;border-radius:4px;cursor:pointer}
main{padding:1rem 1.2rem 3rem;max-width:72rem}
nav.account ul{display:flex;gap:.4rem;list-style:none;padding:0;margin:.2rem 0 1rem;flex-wrap:wrap}
nav.account a{display:block;padding:.3rem .8rem;border:1px solid var(--line);border-radius:4px;background:#fff;text-decoration:none}
nav.account a[aria-current=page]{background:var(--brand);color:#fff;border-color:var(--brand)}
h1{font-size:1.5rem;margin:.4rem 0 .8rem}h2{font-size:1.15rem;margin:1.6rem 0 .5rem}
table{border-collapse:collapse;background:#fff;width:100%}
th,td{border:1px solid var(--line);padding:.35rem .6rem;text-align:left;vertical-align:top}
th{background:#eef1f4}
form.stack{background:#fff;border:1px solid var(--line);border-radius:4px;padding:1rem;max-width:36rem}
form.stack label{display:block;font-weight:600;margin:.8rem 0 .2rem}
form.stack .hint{display:block;color:var(--muted);font-size:.9rem;margin:.1rem 0 .2rem}
fieldset{border:1px solid var(--line);border-radius:4px;margin:.8rem 0;padding:.5rem .8rem}
fieldset label{font-weight:400 !important;margin:.2rem 0 !important}
input[type=text],input[type=password],input[type=email],input[type=number],select{font:inherit;width:100%;max-width:30rem;padding:.35rem .5rem;border:1px solid #8895a1;border-radius:4px}
input[type=radio],input[type=checkbox]{margin-right:.4rem}
button{font:inherit;padding:.35rem 1rem;border-radius:4px;border:1px solid var(--brand);background:var(--brand);color:#fff;cursor:pointer}
button.secondary{background:#fff;color:var(--brand)}
.actions{display:flex;gap:.6rem;flex-wrap:wrap;margin-top:1rem;align-items:center}
.inline{display:inline}
.stack,section.notice{margin-bottom:1rem}
.notice{background:#e6f4ea;border:1px solid #8bc49a;padding:.5rem .8rem;border-radius:4px}
.error{background:#fdecea;border:1px solid #e3a39b;padding:.5rem .8rem;border-radius:4px}
.badge{display:inline-block;white-space:nowrap;padding:0 .45rem;border-radius:3px;border:1px solid currentColor;font-weight:600;font-size:.9rem}
.badge.ok{color:var(--ok)}.badge.bad{color:var(--bad)}.badge.warn{color:var(--warn)}.badge.idle{color:var(--muted)}
.muted{color:var(--muted)}
.nowrap{white-space:nowrap}
td .actions{margin-top:0}
td .actions button{white-space:nowrap}
.fix{margin:.3rem 0 0;padding:.3rem .6rem;background:#fff8e1;border-left:4px solid #e0a800}
ol.checks{list-style:none;padding:0}ol.checks li{background:#fff;border:1px solid var(--line);border-radius:4px;padding:.5rem .8rem;margin:.4rem 0}
progress{width:100%;max-width:36rem;height:1.2rem}
.live{background:#fff;border:1px solid var(--line);border-radius:4px;padding:.6rem .8rem;max-width:40rem}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dl.facts dt{font-weight:600}dl.facts dd{margin:0}
`;

/**
 * The script: when the status page holds a run in progress (`data-run-events`), it listens to the
 * account's server-sent events and copies each progress view into the page; when the run ends it
 * reloads the page on that run, which then shows the final status, the errors and the history.
 * Without JavaScript the page refreshes itself (`<noscript><meta http-equiv=refresh>`).
 */
export const APP_JS = `"use strict";
(function () {
  var box = document.querySelector("[data-run-events]");
  if (!box || typeof EventSource !== "function") return;
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-run-text]");
  var url = box.getAttribute("data-run-events");
  var here = box.getAttribute("data-run-page");
  var es = new EventSource(url);
  var done = false;
  function finish(runId) {
    if (done) return;
    done = true;
    es.close();
    location.replace(here + (runId ? "?run=" + encodeURIComponent(runId) : ""));
  }
  es.addEventListener("progress", function (e) {
    var v = JSON.parse(e.data);
    if (bar) { bar.value = v.percent; bar.textContent = v.percent + "%"; }
    if (text) text.textContent = v.text;
    box.setAttribute("data-phase", v.phase);
    if (v.status) finish(v.runId);
  });
  es.addEventListener("idle", function (e) {
    var v = JSON.parse(e.data);
    finish(v.lastRunId || "");
  });
  es.addEventListener("error", function () {
    if (!done && es.readyState === EventSource.CLOSED && text) text.textContent = "Live progress stopped; reload the page to see the run's status.";
  });
})();
`;
