// The published site's search worker. Material's search UI posts its worker
// messages here (SETUP, QUERY) and renders what comes back (READY, RESULT),
// exactly as from its own lunr worker; the data comes from kb/search_index.py.
//
// Nothing is fetched before the reader opens search: then the page list
// (search_open.js says so), and once a query is typed, the word buckets of
// its characters and the texts of the first results.
// Hand-written rather than a library: Pagefind cuts Chinese its own way and
// ranks neither aliases nor tags (hooks/DEVELOPING.md, "Search"); this reads the words
// Material's jieba segmentation already wrote, in about 200 lines.
"use strict";

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
const BASE = new URL("../../search/kb/", self.location.href); // from assets/javascripts/
const FIELD_WEIGHT = {3: 100, 2: 60}; // title or alias, tag: above any text
const EXACT = 1, PREFIX = 0.5; // a whole word counts more than a word it begins
const TEASERS = 10; // pages whose result shows a text excerpt: those Material lists before a scroll
const EXCERPT = 120; // characters of text around the first match
const WORD = /[\p{L}\p{N}]+/gu;
const HAN = /\p{Script=Han}/u;

const cache = new Map();
let suggest = false;
let meta = null; // {buckets, pages, firstEntry, pageOf}
let queue = Promise.resolve();
let latest = 0; // the number of the last query received

function load(path) {
  if (!cache.has(path)) {
    cache.set(path, fetch(new URL(path, BASE)).then(r => {
      if (!r.ok) throw new Error(`${r.status} ${path}`);
      return r.json();
    }).catch(error => {
      cache.delete(path); // asked again by the next query
      throw error;
    }));
  }
  return cache.get(path);
}

async function pages() {
  if (meta) return meta;
  const data = await load("pages.json");
  const firstEntry = [], pageOf = [];
  data.pages.forEach(([, , , sections], page) => {
    firstEntry.push(pageOf.length);
    for (let i = 0; i < sections.length; i++) pageOf.push(page);
  });
  meta = {...data, firstEntry, pageOf};
  return meta;
}

function bucket(word) {
  return load(`terms/${word.codePointAt(0) % meta.buckets}.json`);
}

// The query's words: Latin and digits split as the index splits them; a run
// of Chinese cut greedily into the longest words the index knows, so 指令微调
// is one word if the notes have it, else 指令 and 微调.
async function queryWords(query) {
  const out = [];
  for (const [run] of query.toLowerCase().matchAll(WORD)) {
    if (!HAN.test(run)) { out.push(run); continue; }
    let i = 0;
    while (i < run.length) {
      const known = (await bucket(run[i])).w;
      let end = run.length;
      while (end > i + 1 && !(run.slice(i, end) in known)) end--;
      out.push(run.slice(i, end));
      i = end;
    }
  }
  return [...new Set(out)];
}

// Every indexed word a query word matches: itself, and the words it begins.
function matching(shard, word) {
  return Object.keys(shard).filter(w => w.startsWith(word)).map(w => [w, w === word ? EXACT : PREFIX]);
}

// The ranked pages of a query, and what their teasers need.
async function rank(query) {
  const wanted = await queryWords(query);
  const {pages: list, firstEntry, pageOf} = meta;
  const pageScore = new Map(), entryScore = new Map(), found = new Map(); // page → Set of query words
  const total = pageOf.length;
  for (const word of wanted) {
    const shard = await bucket(word);
    for (const [w, kind] of matching(shard.w, word)) {
      const flat = shard.w[w];
      const idf = Math.log(1 + total / (flat.length / 2));
      for (let i = 0, entry = 0; i < flat.length; i += 2) {
        entry += flat[i];
        const score = kind * idf * (1 + Math.log(flat[i + 1]));
        entryScore.set(entry, (entryScore.get(entry) || 0) + score);
        const page = pageOf[entry];
        pageScore.set(page, (pageScore.get(page) || 0) + score);
        (found.get(page) || found.set(page, new Set()).get(page)).add(word);
      }
    }
    for (const [w, kind] of matching(shard.f, word)) {
      const flat = shard.f[w];
      for (let i = 0; i < flat.length; i += 2) {
        const page = flat[i];
        pageScore.set(page, (pageScore.get(page) || 0) + kind * FIELD_WEIGHT[flat[i + 1]]);
        (found.get(page) || found.set(page, new Set()).get(page)).add(word);
      }
    }
  }
  // Pages with every word first; without any such page, those with the most.
  const most = Math.max(0, ...[...found.values()].map(s => s.size));
  const ranked = [...found.keys()]
    .filter(page => found.get(page).size === most)
    .sort((a, b) => pageScore.get(b) - pageScore.get(a));
  return {query, wanted, ranked, pageScore, entryScore, found};
}

// Material's result for ranked pages; ``texts`` are the first pages' section
// texts, or null while they load (the first answer lists titles only).
function result({query, wanted, ranked, pageScore, entryScore, found}, texts) {
  const {pages: list, firstEntry} = meta;
  const mark = marker(wanted);
  const items = ranked.map((page, rank) => {
    const [url, title, tags, sections] = list[page];
    const terms = Object.fromEntries(wanted.map(w => [w, found.get(page).has(w)]));
    const score = pageScore.get(page);
    const item = (i, text, s) => ({
      location: url + (sections[i][0] ? `#${sections[i][0]}` : ""),
      title: mark(i ? sections[i][1] : title),
      text: text === undefined ? "" : excerpt(text, wanted, mark),
      tags: tags.map(escapeHtml), score: s, terms,
    });
    if (rank >= TEASERS || !texts) return [item(0, undefined, score)];
    const hits = sections.map((_, i) => [i, entryScore.get(firstEntry[page] + i) || 0]).filter(([i, s]) => i && s);
    const best = Math.max(0, ...hits.map(([, s]) => s));
    const own = entryScore.get(firstEntry[page]) || 0;
    // Material opens the sections that score as high as the page's first item.
    const group = [item(0, own >= best || !hits.length ? texts[rank][0] : "", score)];
    for (const [i, s] of hits.sort((a, b) => b[1] - a[1]))
      group.push(item(i, texts[rank][i], s === best && best > own ? score : 0));
    return group;
  });
  return {items, ...(suggest && {suggest: completion(query, ranked.length ? list[ranked[0]][1] : "")})};
}

// Material inserts a result's title, text and tags as HTML; ours are text.
const escapeHtml = s => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function marker(wanted) {
  const escape = s => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = new RegExp(wanted.map(escape).sort((a, b) => b.length - a.length).join("|"), "giu");
  return text => {
    let out = "", last = 0;
    for (const m of text.matchAll(pattern)) {
      out += escapeHtml(text.slice(last, m.index)) + `<mark>${escapeHtml(m[0])}</mark>`;
      last = m.index + m[0].length;
    }
    return out + escapeHtml(text.slice(last));
  };
}

function excerpt(text, wanted, mark) {
  const lower = text.toLowerCase();
  const at = Math.min(...wanted.map(w => lower.indexOf(w)).filter(i => i >= 0));
  const start = Number.isFinite(at) ? Math.max(0, at - EXCERPT / 4) : 0;
  const cut = text.slice(start, start + EXCERPT);
  return `${start ? "…" : ""}${mark(cut)}${start + EXCERPT < text.length ? "…" : ""}`;
}

// Material completes the last word typed with the last suggestion it is the start of.
function completion(query, title) {
  const last = query.split(/[\s-]+/).pop().toLowerCase();
  const word = last && (title.toLowerCase().match(WORD) || []).find(w => w.startsWith(last) && w !== last);
  return word ? [word] : [];
}

if ("BroadcastChannel" in self)
  new BroadcastChannel("kb-search").onmessage = () => pages().catch(error => console.error(error));

self.addEventListener("message", ({data: message}) => {
  if (message.type === SETUP) {
    suggest = Boolean(message.data.options && message.data.options.suggest);
    self.postMessage({type: READY});
  } else if (message.type === QUERY) {
    // Answers go out in the order the queries came, each after its data loaded.
    const number = ++latest;
    queue = queue.then(async () => {
      const query = message.data.trim();
      if (!query) return self.postMessage({type: RESULT, data: {items: []}});
      await pages();
      const ranked = await rank(query);
      const paths = ranked.ranked.slice(0, TEASERS).map(page => `text/${page}.json`);
      if (!paths.every(path => cache.has(path))) self.postMessage({type: RESULT, data: result(ranked, null)});
      const texts = await Promise.all(paths.map(load));
      if (number === latest) self.postMessage({type: RESULT, data: result(ranked, texts)});
    }).catch(error => {
      console.error(error);
      self.postMessage({type: RESULT, data: {items: []}});
    });
  }
});
