// The browser checks of the HTML page (scripts/browser/check.sh serves page.html,
// expected.json and this probe from one folder, and headless Chromium dumps probe.html's DOM).
// The page is loaded in iframes of the widths checked; the result goes into <pre id="result">
// as JSON: {done, failures[], facts{}}.
"use strict";

const result = { done: false, failures: [], facts: {} };
const fail = (message) => result.failures.push(message);

function load(width, sandbox, search) {
  return loadPage("page.html" + (search || ""), width, sandbox);
}

function loadPage(src, width, sandbox) {
  return new Promise((resolve) => {
    const frame = document.createElement("iframe");
    if (sandbox !== undefined && sandbox !== null) {
      frame.setAttribute("sandbox", sandbox);
    }
    frame.style.cssText = `display:block;border:0;width:${width}px;height:900px`;
    frame.addEventListener("load", () => resolve(frame), { once: true });
    frame.src = src;
    document.body.appendChild(frame);
  });
}

// After the frame has rendered twice: media query listeners have run.
function settle(frame) {
  const win = frame.contentWindow;
  return new Promise((resolve) => win.requestAnimationFrame(() => win.requestAnimationFrame(() => resolve())));
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

// The lines `el`'s text is laid out on: each line's text, measured a character at a time.
function linesOf(doc, el) {
  const range = doc.createRange();
  const walker = doc.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  const lines = [];
  let top = null;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.data.length; i++) {
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rect = range.getClientRects()[0];
      if (!rect) {
        continue;
      }
      if (top === null || rect.top > top + 1) {
        lines.push("");
        top = rect.top;
      }
      lines[lines.length - 1] += node.data[i];
    }
  }
  return lines;
}

// Names (option headings, the sidebar's option links) whose lines break other than after a
// `_`, `-` or `.`: "internal_service_availability_zon|e".
function midWordBreaks(doc, elements) {
  const bad = [];
  let broken = 0;
  for (const el of elements) {
    const lines = linesOf(doc, el);
    broken += lines.length > 1 ? 1 : 0;
    if (lines.slice(0, -1).some((line) => !/[_.-]$/.test(line))) {
      bad.push(lines.join("|"));
    }
  }
  return { bad, broken };
}

// Elements that scroll inside the page: content taller than the box, which scrolls.
function nestedScrollers(frame) {
  const doc = frame.contentDocument;
  const found = [];
  for (const el of doc.body.querySelectorAll("*")) {
    const overflowY = frame.contentWindow.getComputedStyle(el).overflowY;
    if ((overflowY === "auto" || overflowY === "scroll") && el.scrollHeight > el.clientHeight + 1) {
      found.push(`<${el.tagName.toLowerCase()} class="${el.className}"> (${el.scrollHeight} in ${el.clientHeight} px)`);
    }
  }
  return found;
}

// The text of every <mark> in `el`, lower-cased.
function marked(el) {
  return [...el.querySelectorAll("mark")].map((m) => m.textContent.toLowerCase());
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
  await settle(frame);

  // At 390 px: no box scrolls inside the page, with the group list open or closed, and names
  // break only between their words.
  const toc = doc.querySelector(".side .toc");
  if (!toc || toc.open) {
    fail("at 390 px the sidebar's group list is not folded under its summary");
  }
  for (const open of [false, true]) {
    if (toc) {
      toc.open = open;
    }
    const scrollers = nestedScrollers(frame);
    if (scrollers.length) {
      fail(`at 390 px (group list ${open ? "open" : "closed"}) ${scrollers.length} boxes scroll inside the page: ${scrollers.slice(0, 3).join(" | ")}`);
    }
  }
  const names = [...doc.querySelectorAll("main .opt h3 .name, .side .groups ul a")];
  const breaks = midWordBreaks(doc, names);
  result.facts.namesAt390 = { names: names.length, broken: breaks.broken, midWord: breaks.bad.length };
  if (breaks.bad.length) {
    fail(`at 390 px ${breaks.bad.length} names break inside a word, e.g. ${breaks.bad.slice(0, 3).join(", ")}`);
  }
  if (toc) {
    toc.open = false;
  }
  frame.style.width = "1280px";
  await settle(frame);
  if (toc && !toc.open) {
    fail("at 1280 px the sidebar's group list is not open");
  }

  // The title, and the namespaces folded in the header when there are more than three.
  const h1 = doc.querySelector("h1");
  if (doc.title !== expected.title || !h1 || h1.textContent !== expected.title) {
    fail(`the title is ${JSON.stringify(doc.title)} and the heading ${JSON.stringify(h1 && h1.textContent)}, not ${JSON.stringify(expected.title)}`);
  }
  const folded = doc.querySelector("header details.ns");
  if (expected.namespaces > 3) {
    if (!folded || folded.open || folded.querySelectorAll("p code").length !== expected.namespaces) {
      fail(`${expected.namespaces} namespaces are not folded in the header's <details>`);
    } else {
      const summary = folded.querySelector("summary");
      result.facts.headerLines = {};
      for (const width of [1280, 390]) {
        frame.style.width = width + "px";
        const lines = linesOf(doc, summary).length;
        result.facts.headerLines[width] = lines;
        if (lines > (width < 400 ? 2 : 1)) {
          fail(`at ${width} px the folded namespaces take ${lines} lines`);
        }
      }
      frame.style.width = "1280px";
    }
  }

  // A group whose options all come from one namespace names it once, not on each option.
  for (const section of doc.querySelectorAll("main .group")) {
    const badges = [...section.querySelectorAll(".opt .prop")].filter((p) => p.querySelector(".k").textContent === "namespace");
    const values = new Set(badges.map((b) => b.querySelector("code").textContent));
    if (badges.length && values.size === 1) {
      fail(`${section.id}: every option names the one namespace ${[...values][0]}`);
    }
  }

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
    const navShown = [...nav.querySelectorAll(".groups details li a")].filter(shown).length;
    if (navShown !== visible.length) {
      fail(`searching ${query}: the sidebar shows ${navShown} options, the page ${visible.length}`);
    }
    const counted = [...nav.querySelectorAll("summary .n")].filter(shown).reduce((n, c) => n + parseInt(c.textContent, 10), 0);
    if (counted !== visible.length) {
      fail(`searching ${query}: the sidebar's group counts add up to ${counted}, not ${visible.length}`);
    }
    // What matched is marked: the name whole (in pieces between its <wbr>s), the help's word.
    const marks = [...doc.querySelectorAll("mark")];
    if (marks.some((m) => !shown(m) || !query.toLowerCase().includes(m.textContent.toLowerCase()))) {
      fail(`searching ${query}: a <mark> that is hidden or not of ${query}`);
    }
    const option = visible.find((o) => (kind === "name" ? nameOf(o) === query : marked(o).length));
    const where = option && (kind === "name" ? option.querySelector(".name") : option);
    const text = where ? marked(where).join(kind === "name" ? "" : " ") : "";
    if (kind === "name" ? text !== query.toLowerCase() : !text.includes(query.toLowerCase())) {
      fail(`searching ${query} (${kind}): the ${kind} is not marked (${JSON.stringify(text)})`);
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
  if (doc.querySelector("mark")) {
    fail("clearing the search leaves <mark> elements");
  }
  const names1280 = doc.querySelectorAll("main .opt .name").length;
  if ([...doc.querySelectorAll("main .opt .name")].some((n) => n.querySelector("mark")) || names1280 !== expected.options.length) {
    fail("the names are not as they were after the marks were taken out");
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

  // A page of one namespace names none.
  const single = await loadPage("page-one.html", 390);
  if ([...single.contentDocument.querySelectorAll(".k")].some((k) => k.textContent === "namespace")) {
    fail("a page of one namespace names it on its options or groups");
  }
  if (single.contentDocument.querySelector("header details.ns")) {
    fail("a page of one namespace folds it");
  }
  const singleScrollers = nestedScrollers(single);
  if (singleScrollers.length) {
    fail(`the one-namespace page at 390 px: boxes scroll inside it: ${singleScrollers.join(" | ")}`);
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
