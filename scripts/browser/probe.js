// The browser checks of the HTML page (scripts/browser/check.sh serves page.html,
// expected.json and this probe from one folder, and headless Chromium dumps probe.html's DOM).
// The page is loaded in iframes of the widths checked; the result goes into <pre id="result">
// as JSON: {done, failures[], facts{}}.
"use strict";

const result = { done: false, failures: [], facts: {} };
const fail = (message) => result.failures.push(message);

function load(width, sandbox, search) {
  return new Promise((resolve) => {
    const frame = document.createElement("iframe");
    if (sandbox !== null) {
      frame.setAttribute("sandbox", sandbox);
    }
    frame.style.cssText = `display:block;border:0;width:${width}px;height:900px`;
    frame.addEventListener("load", () => resolve(frame), { once: true });
    frame.src = "page.html" + (search || "");
    document.body.appendChild(frame);
  });
}

// Shown: laid out, with no hidden (or display: none) ancestor.
const shown = (el) => el.getClientRects().length > 0;

function overflow(frame, width, label) {
  frame.style.width = width + "px";
  const doc = frame.contentDocument;
  const root = doc.documentElement;
  const fact = { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, height: root.scrollHeight };
  if (root.scrollWidth > root.clientWidth) {
    const wide = [];
    for (const el of doc.body.querySelectorAll("*")) {
      if (wide.length < 5 && el.getBoundingClientRect().right > root.clientWidth + 0.5) {
        wide.push(`<${el.tagName.toLowerCase()} class="${el.className}">${el.textContent.replace(/\s+/g, " ").slice(0, 40)}`);
      }
    }
    fail(`${label}: horizontal overflow at ${width} px (${root.scrollWidth} > ${root.clientWidth}): ${wide.join(" | ")}`);
  }
  return fact;
}

// Types `query` into the search box as a user does (one input event).
function type(frame, query) {
  const win = frame.contentWindow;
  const input = frame.contentDocument.getElementById("Search");
  input.focus();
  input.value = query;
  input.dispatchEvent(new win.Event("input", { bubbles: true }));
}

function visibleOptions(doc) {
  return [...doc.querySelectorAll("main .opt")].filter(shown);
}

function nameOf(opt) {
  const name = opt.querySelector(".name");
  return name ? name.textContent : "";
}

async function run() {
  const expected = await (await fetch("expected.json")).json();
  result.facts.options = expected.options.length;
  result.facts.groups = expected.groups.length;

  // With the page's script.
  const frame = await load(1280, null);
  const doc = frame.contentDocument;
  result.facts.at1280 = overflow(frame, 1280, "with the script");
  result.facts.at390 = overflow(frame, 390, "with the script");
  frame.style.width = "1280px";

  // A <nav> that links every group (by its title) to the group's section; every option shown.
  const nav = doc.querySelector("nav");
  if (!nav) {
    fail("no <nav>");
    return;
  }
  const navLinks = new Map([...nav.querySelectorAll("a[href^='#']")].map((a) => [a.textContent, a]));
  for (const group of expected.groups) {
    const link = navLinks.get(`[${group}]`);
    const target = link && doc.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    const heading = target && target.querySelector("h2");
    if (!heading || heading.firstChild.textContent.trim() !== `[${group}]`) {
      fail(`the <nav> does not link [${group}] to its section`);
    }
  }
  const onPage = new Set(
    [...doc.querySelectorAll("main .opt")].map((o) => o.closest("section").querySelector("h2").firstChild.textContent.trim() + nameOf(o))
  );
  const missing = expected.options.filter(([g, d]) => !onPage.has(`[${g}]${d}`));
  if (missing.length) {
    fail(`${missing.length} options of the data are not on the page, e.g. [${missing[0][0]}]/${missing[0][1]}`);
  }

  // Every `#` link resolves.
  const anchors = [...doc.querySelectorAll("a[href^='#']")];
  const broken = anchors.filter((a) => !doc.getElementById(decodeURIComponent(a.getAttribute("href").slice(1))));
  result.facts.hashLinks = anchors.length;
  if (broken.length) {
    fail(`${broken.length} # links without a target, e.g. ${broken[0].getAttribute("href")}`);
  }

  // The Content-Security-Policy: the page's own style applies (the sidebar is sticky) and its
  // script runs (the search box below), a script added to the page does not run, and no
  // markup can be written through innerHTML.
  if (!doc.querySelector("meta[http-equiv='Content-Security-Policy']")) {
    fail("no Content-Security-Policy");
  }
  if (frame.contentWindow.getComputedStyle(nav).position !== "sticky") {
    fail("the page's style does not apply at 1280 px: the sidebar is not sticky");
  }
  const injected = doc.createElement("script");
  injected.appendChild(doc.createTextNode("window.confspecInjected = true;"));
  doc.body.appendChild(injected);
  if (frame.contentWindow.confspecInjected) {
    fail("a script added to the page runs: the Content-Security-Policy does not hold");
  }
  injected.remove();
  let written = true;
  try {
    doc.createElement("div").innerHTML = "<b>markup</b>";
  } catch (e) {
    written = false;
  }
  if (written) {
    fail("innerHTML takes a string: the policy does not require trusted types");
  }

  // The search box: shown by the script; an option's name leaves it and few others.
  const box = doc.getElementById("Search");
  if (!box || !shown(box)) {
    fail("the search box is not shown with the script");
    return;
  }
  const all = visibleOptions(doc).length;
  if (all !== expected.options.length) {
    fail(`${all} options shown before searching, of ${expected.options.length}`);
  }
  result.facts.searches = [];
  for (const [query, kind] of [...expected.probes.map((q) => [q, "name"]), ...expected.helpProbes.map((q) => [q, "help"])]) {
    type(frame, query);
    const visible = visibleOptions(doc);
    const found = doc.getElementById("Found").textContent;
    result.facts.searches.push({ query, kind, shown: visible.length, found });
    if (kind === "name" && !visible.some((o) => nameOf(o) === query)) {
      fail(`searching ${query}: the option itself is not shown`);
    }
    if (visible.length === 0 || visible.length > 10) {
      fail(`searching ${query} (${kind}): ${visible.length} options shown, want 1 to 10`);
    }
    const navShown = [...nav.querySelectorAll("details li a")].filter(shown).length;
    if (navShown !== visible.length) {
      fail(`searching ${query}: the sidebar shows ${navShown} options, the page ${visible.length}`);
    }
    const counted = [...nav.querySelectorAll("summary .n")].filter(shown).reduce((n, c) => n + parseInt(c.textContent, 10), 0);
    if (counted !== visible.length) {
      fail(`searching ${query}: the sidebar's group counts add up to ${counted}, not ${visible.length}`);
    }
  }
  // A generic word: by name first, then the button adds those whose help mentions it.
  type(frame, expected.generic);
  const byName = visibleOptions(doc).length;
  const more = doc.getElementById("More");
  let wider = byName;
  if (shown(more)) {
    more.click();
    wider = visibleOptions(doc).length;
    more.click();
  }
  result.facts.generic = { query: expected.generic, byName, withHelp: wider };
  if (!(byName > 0 && wider >= byName && visibleOptions(doc).length === byName)) {
    fail(`searching ${expected.generic}: ${byName} by name, ${wider} with help`);
  }
  type(frame, "");
  if (visibleOptions(doc).length !== expected.options.length) {
    fail("clearing the search does not show every option again");
  }
  // A link to an option (here, from the address) opens the sidebar at it.
  const pick = expected.probes[0];
  const target = [...doc.querySelectorAll("main .opt")].find((o) => nameOf(o) === pick);
  const linked = await load(1280, null, "#" + target.id);
  const item = linked.contentDocument.querySelector(`nav a[href='#${target.id}']`);
  if (!item || !shown(item)) {
    fail(`opening #${target.id} does not open the sidebar at it`);
  }
  // ?q= fills the search box.
  const queried = await load(1280, null, "?q=" + encodeURIComponent(pick));
  if (visibleOptions(queried.contentDocument).length > 10) {
    fail(`?q=${pick} does not filter the page`);
  }

  // Without the script (a sandbox that allows none): whole, no search box, no overflow.
  const plain = await load(390, "allow-same-origin");
  result.facts.noScript390 = overflow(plain, 390, "without the script");
  result.facts.noScript1280 = overflow(plain, 1280, "without the script");
  if (visibleOptions(plain.contentDocument).length !== expected.options.length) {
    fail("without the script, not every option is shown");
  }
  if (shown(plain.contentDocument.querySelector(".search"))) {
    fail("without the script, the search box is shown (it would do nothing)");
  }
}

run()
  .catch((e) => fail(`the probe failed: ${e && e.stack ? e.stack : e}`))
  .finally(() => {
    result.done = true;
    document.getElementById("result").textContent = JSON.stringify(result);
  });
