/* The outbox of quick entry. Every entry goes here first and is sent from here, so that a weak
   signal never loses one: an entry waits in the browser (IndexedDB) under its own key until the
   server has answered that it is saved; a request that fails, times out or is answered only
   half counts as not sent and is tried again later, with a growing pause ("Gửi ngay" tries at
   once). The key goes as external_id, so an entry sent twice is saved once; a file is kept once
   by the server whatever the number of tries.

   Also here: the form's date is today's by the server's calendar (Vietnam), whatever the
   phone's time zone or clock; every refusal is shown next to its field; photos are made
   smaller on the phone before they are kept (long side 2048 px, JPEG); the browser is asked to
   keep the outbox (persistent storage); the waiting entries can be saved to a file and brought
   back from it on any device where the same person is signed in. Waiting entries belong to the
   person who made them. */
(function () {
  "use strict";
  if (!("indexedDB" in window)) return;
  const DB = "hangviet-outbox", STORE = "entries";
  const data = document.body.dataset;
  const T = JSON.parse((document.getElementById("outbox-words") || {}).textContent || "{}");
  const say = (key, values) => (T[key] || key).replace(/%\((\w+)\)s/g, (_m, k) => (values || {})[k] ?? "");
  const OWNER = data.outboxOwner || "";
  const API = data.outboxApi || "/api/v1/activities/";
  const TIMEOUT = (Number(data.outboxTimeout) || 20) * 1000;  // no answer by then: not sent
  const ZONE = data.serverZone || "Asia/Ho_Chi_Minh";
  const MAX_SIDE = 2048;
  const FIRST_PAUSE = 5000, LONGEST_PAUSE = 5 * 60 * 1000;
  // What was sent stays listed as "Đã gửi" while this page is open (for ten minutes at most),
  // so that a later send does not take the confirmation away before it is read.
  const PAGE_OPENED = Date.now(), SHOWN_SENT = 10 * 60 * 1000;
  const spent = (entry) => { const at = entry.sent_at || 0; return at < PAGE_OPENED || Date.now() - at > SHOWN_SENT; };

  // --- storage ------------------------------------------------------------------------------
  function open() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(DB, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "key" });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }
  async function tx(mode, work) {
    const db = await open();
    return new Promise((resolve, reject) => {
      const t = db.transaction(STORE, mode);
      const result = work(t.objectStore(STORE));
      // Closed after each use, so that the database can be deleted or upgraded meanwhile.
      t.oncomplete = () => { db.close(); resolve(result && "result" in result ? result.result : undefined); };
      t.onerror = () => { db.close(); reject(t.error); };
    });
  }
  // On a shared phone what A typed is neither listed to B nor sent under B's name.
  const everything = () => tx("readonly", (s) => s.getAll());
  const all = async () => (await everything()).filter((e) => (e.owner || OWNER) === OWNER);
  const others = async () => (await everything()).filter((e) => e.owner && e.owner !== OWNER && e.state !== "sent").length;
  const put = (entry) => tx("readwrite", (s) => s.put(entry));
  const remove = (key) => tx("readwrite", (s) => s.delete(key));
  const newKey = () => (crypto.randomUUID ? crypto.randomUUID() : Date.now().toString(36) + Math.random().toString(36).slice(2));

  async function keepStorage() {
    // Ask once that the browser does not clear the outbox when space runs short.
    try {
      if (navigator.storage && navigator.storage.persist && !(await navigator.storage.persisted())) {
        await navigator.storage.persist();
      }
    } catch (e) { /* not offered: the file export is the way to keep entries */ }
  }

  // --- the server's clock and calendar ----------------------------------------------------
  const CLOCK = "hangviet-clock-offset";
  function learnClock(serverMs) {
    if (!isFinite(serverMs) || serverMs <= 0) return;
    try { localStorage.setItem(CLOCK, String(Math.round(serverMs - Date.now()))); } catch (e) { /* private mode */ }
  }
  function offset() {
    try { return Number(localStorage.getItem(CLOCK)) || 0; } catch (e) { return 0; }
  }
  // A page fresh from the server (not the service worker's copy) tells its time.
  if (data.serverNow && !document.querySelector("[data-offline-copy]")) learnClock(Number(data.serverNow));
  function serverToday() {
    const now = new Date(Date.now() + offset());
    try {
      return new Intl.DateTimeFormat("en-CA", { timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
    } catch (e) { return now.toISOString().slice(0, 10); }
  }
  function clockNote() {
    const minutes = Math.round(Math.abs(offset()) / 60000);
    if (minutes < 5) return "";
    const gap = minutes >= 120 ? say("hours", { n: Math.round(minutes / 60) }) : say("minutes", { n: minutes });
    return say("clock", { d: gap });
  }

  function csrf() {
    const m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }

  // --- the form -----------------------------------------------------------------------------
  // The server's rules (activities.services.validate), each with the field it belongs to.
  function check(entry, form) {
    const errors = [];
    const d = entry.data;
    const title = (d.title || "").replace(/[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2060\ufeff]/g, "").trim();
    if (!title) errors.push(["title", say("title")]);
    if (title.length > 300) errors.push(["title", say("title_long")]);
    const today = serverToday();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d.date || "")) errors.push(["date", say("date")]);
    else if (d.date > today || d.date < "2000-01-01") errors.push(["date", say("date_range")]);
    if (d.end_date) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(d.end_date) || d.end_date < d.date) errors.push(["end_date", say("end_before")]);
      else if (d.end_date > today) errors.push(["end_date", say("end_future")]);
    }
    if (!/^\d+$/.test(String(d.quantity))) errors.push(["quantity", say("quantity")]);
    else if (Number(d.quantity) > 10000000) errors.push(["quantity", say("quantity_big")]);
    const limit = Number(form.dataset.maxBytes || 0);
    if (entry.file && limit && entry.file.size > limit) errors.push(["file", say("file_big", { l: Math.floor(limit / 1048576) })]);
    const units = Array.from(form.querySelectorAll("select[name=unit] option")).map((o) => o.value);
    if (!units.includes(String(d.unit))) errors.push(["unit", say("unit")]);
    return errors;
  }

  function showErrors(form, errors) {
    form.querySelectorAll("[data-outbox-error]").forEach((p) => p.remove());
    form.querySelectorAll("[aria-invalid][data-outbox-invalid]").forEach((f) => { f.removeAttribute("aria-invalid"); f.removeAttribute("data-outbox-invalid"); });
    const box = document.getElementById("outbox-errors");
    if (box) { box.hidden = errors.length === 0; box.textContent = errors.map((e) => e[1]).join(" "); }
    errors.forEach(([name, message], i) => {
      const field = form.elements.namedItem(name === "themes" ? "theme" : name);
      const element = field instanceof RadioNodeList ? field[0] : field;
      const place = element ? element.closest(".field") : null;
      const p = document.createElement("p");
      p.className = "error";
      p.dataset.outboxError = "";
      p.id = "outbox-error-" + i;
      p.textContent = message;
      if (place) {
        place.append(p);
        const details = place.closest("details");
        if (details) details.open = true;
        element.setAttribute("aria-invalid", "true");
        element.dataset.outboxInvalid = "";
        element.setAttribute("aria-describedby", p.id);
      } else if (box) { box.hidden = false; }
    });
    const first = form.querySelector("[aria-invalid=true]");
    if (first) first.focus();
  }

  function read(form) {
    const f = new FormData(form);
    const value = (name) => (f.get(name) || "").toString();
    return {
      unit: Number(value("unit")),
      unit_name: (form.querySelector("select[name=unit] option:checked") || {}).textContent || "",
      kind: value("kind"),
      channel: value("channel"),
      title: value("title").trim(),
      date: value("date"),
      end_date: value("end_date") || null,
      quantity: value("quantity"),
      measure: value("measure"),
      themes: value("theme") ? [Number(value("theme"))] : [],
      communes: f.getAll("communes").map(Number),
      summary: value("summary"),
      url: value("url"),
      status: f.get("confirmed") ? "confirmed" : "draft",
      plan: form.dataset.plan ? Number(form.dataset.plan) : null,
    };
  }

  function fill(form, d) {
    for (const [name, val] of Object.entries(d)) {
      const field = form.elements.namedItem(name === "themes" ? "theme" : name);
      if (!field || field instanceof RadioNodeList) continue;
      if (name === "themes") field.value = val.length ? String(val[0]) : "";
      else if (field.type === "checkbox") field.checked = val === "confirmed";
      else if (field.multiple) Array.from(field.options).forEach((o) => (o.selected = (val || []).includes(Number(o.value))));
      else field.value = val == null ? "" : String(val);
    }
    const confirmed = form.elements.namedItem("confirmed");
    if (confirmed) confirmed.checked = d.status === "confirmed";
    const date = form.elements.namedItem("date");
    if (date) date.dataset.touched = "1";
  }

  // The date is today's (by the server's calendar) when the form opens and when the day
  // changes — not the day the page was kept — unless the person chose another.
  function freshDate(form) {
    const field = form.elements.namedItem("date");
    if (!field || field.dataset.touched) return;
    const today = serverToday();
    if (field.value !== today) field.value = today;
    field.max = today;
    const note = document.querySelector("[data-clock-note]");
    if (note) { const words = clockNote(); note.hidden = !words; note.textContent = words; }
  }

  // A photo is made smaller on the phone: long side at most 2048 px, JPEG, turned the way the
  // camera says. Anything that is not a photo the browser can read is kept as it is.
  async function shrink(file) {
    if (!file || !/^image\/(jpeg|png|webp)$/.test(file.type) || !window.createImageBitmap) return file;
    let bitmap;
    try { bitmap = await createImageBitmap(file, { imageOrientation: "from-image" }); } catch (e) { return file; }
    const long = Math.max(bitmap.width, bitmap.height);
    const small = file.type === "image/png" ? file.size < 4e6 : file.size < 1.5e6;
    if (long <= MAX_SIDE && small) { bitmap.close(); return file; }
    const scale = Math.min(1, MAX_SIDE / long);
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise((ok) => canvas.toBlob(ok, "image/jpeg", 0.8));
    if (!blob) return file;
    return new File([blob], file.name.replace(/\.[^.]*$/, "") + ".jpg", { type: "image/jpeg" });
  }

  // --- what is shown ------------------------------------------------------------------------
  function when(ms) {
    return new Date(ms).toLocaleTimeString("vi-VN", { hour: "2-digit", minute: "2-digit" });
  }

  async function updateCount() {
    const waiting = (await all()).filter((e) => e.state !== "sent").length;
    document.querySelectorAll("[data-outbox-count]").forEach((el) => {
      el.textContent = say("count", { n: waiting });
      el.hidden = waiting === 0;
    });
    return waiting;
  }

  function notice(text, links) {
    const box = document.querySelector("[data-outbox-notice]");
    if (!box) return;
    box.replaceChildren(document.createTextNode(text));
    for (const [href, label] of links || []) {
      const a = document.createElement("a");
      a.href = href; a.textContent = label;
      box.append(" ", a);
    }
    box.hidden = !text;
  }

  async function render() {
    const box = document.getElementById("outbox");
    await updateCount();
    if (!box) return;
    const entries = (await all()).sort((a, b) => a.created - b.created);
    const list = box.querySelector("ul");
    list.replaceChildren();
    const foreign = await others();
    const waiting = entries.filter((e) => e.state !== "sent").length;
    box.querySelector("[data-outbox-list]").hidden = entries.length === 0 && foreign === 0;
    box.querySelector("[data-outbox-title]").textContent = say("title_list", { n: waiting });
    const exporter = box.querySelector("[data-outbox-export]");
    if (exporter) exporter.disabled = waiting === 0;
    const note = box.querySelector("[data-outbox-others]");
    if (note) { note.hidden = foreign === 0; note.textContent = say("others", { n: foreign }); }
    for (const entry of entries) {
      const li = document.createElement("li");
      li.className = "outbox-entry state-" + entry.state;
      li.dataset.key = entry.key;
      const text = document.createElement("p");
      const strong = document.createElement("strong");
      strong.textContent = entry.data.title;
      text.append(strong, document.createTextNode(" · " + entry.data.date.split("-").reverse().join("/") + " · " + entry.data.unit_name));
      if (entry.file) text.append(document.createTextNode(" · " + say("with_file", { n: entry.file.name })));
      const status = document.createElement("p");
      status.className = "outbox-status";
      let words = say("state_" + entry.state);
      if (entry.state === "waiting" && entry.next_try) words = say("state_retry", { t: when(entry.next_try) });
      status.textContent = words + (entry.message ? " — " + entry.message : "");
      li.append(text, status);
      if (entry.state !== "sent") {
        const actions = document.createElement("div");
        actions.className = "actions";
        const edit = document.createElement("button");
        edit.type = "button"; edit.textContent = say("edit"); edit.dataset.edit = entry.key;
        const drop = document.createElement("button");
        drop.type = "button"; drop.textContent = say("delete"); drop.dataset.drop = entry.key;
        if (!entry.activity_id) actions.append(edit);  // once saved, it is changed on its page
        actions.append(drop);
        li.append(actions);
      }
      list.append(li);
    }
  }

  // --- sending ------------------------------------------------------------------------------
  // One request, with its answer read in full, or nothing: a timeout, a lost connection or a
  // half answer all come back as null (not sent).
  async function ask(url, options, ms) {
    const control = new AbortController();
    const timer = setTimeout(() => control.abort(), ms);
    try {
      const answer = await fetch(url, Object.assign({ credentials: "same-origin", signal: control.signal }, options));
      learnClock(Date.parse(answer.headers.get("Date") || ""));
      const text = await answer.text();
      let reply = null;
      try { reply = text ? JSON.parse(text) : {}; } catch (e) { reply = null; }
      return { status: answer.status, reply, retryAfter: Number(answer.headers.get("Retry-After")) || 0 };
    } catch (e) {
      return null;
    } finally {
      clearTimeout(timer);
    }
  }

  function pause(attempts, retryAfter) {
    const grown = Math.min(FIRST_PAUSE * 2 ** Math.max(attempts - 1, 0), LONGEST_PAUSE);
    const jitter = grown * (0.8 + Math.random() * 0.4);
    return Math.max(jitter, (retryAfter || 0) * 1000);
  }

  async function later(entry, retryAfter, message) {
    entry.attempts = (entry.attempts || 0) + 1;
    entry.next_try = Date.now() + pause(entry.attempts, retryAfter);
    entry.state = "waiting";
    entry.message = message || "";
    await put(entry);
    return "later";
  }

  function reasons(reply) {
    const errors = (reply && reply.errors) || {};
    return [reply && reply.detail, ...Object.values(errors).flat()].filter(Boolean).join(" ");
  }

  const SERVER_BUSY = (status) => status === 429 || status >= 500;

  // Send one entry: its activity (unless already saved), then its file. Returns "sent",
  // "refused", "later" (kept, to be tried again) or "signin".
  async function sendOne(entry) {
    entry.owner = OWNER;  // an entry kept before owners were recorded is claimed once
    if (!entry.activity_id) {
      const body = Object.assign({}, entry.data, { external_id: "offline-" + entry.key });
      delete body.unit_name;
      if (!body.plan) delete body.plan;
      if (!body.end_date) delete body.end_date;
      body.quantity = Number(body.quantity);
      const answer = await ask(API, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf(), Accept: "application/json" },
        body: JSON.stringify(body),
      }, TIMEOUT);
      if (answer === null || answer.reply === null || SERVER_BUSY(answer.status)) {
        return later(entry, answer && answer.retryAfter);
      }
      if (answer.status === 201 || answer.status === 200) {
        entry.activity_id = answer.reply.id;
        entry.duplicates = answer.reply.duplicates || [];
        entry.message = answer.status === 200 ? say("already") : "";
      } else if (answer.status === 401 || (answer.status === 403 && /CSRF/i.test(answer.reply.detail || ""))) {
        entry.state = "waiting";
        entry.message = say("signin");
        await put(entry);
        return "signin";
      } else {
        entry.state = "refused";
        entry.errors = answer.reply.errors || {};
        entry.message = reasons(answer.reply) || say("state_refused");
        entry.retry = false;
        await put(entry);
        return "refused";
      }
      await put(entry);  // saved: a later try sends only what is left (the file)
    }
    if (entry.file && !entry.file_sent) {
      const files = new FormData();
      files.append("file", entry.file.blob, entry.file.name);
      // A file on 2G: 20 s plus a second per 5 kB before the try counts as failed.
      const upload = await ask(API + entry.activity_id + "/files/", {
        method: "POST", body: files, headers: { "X-CSRFToken": csrf(), Accept: "application/json" },
      }, TIMEOUT + entry.file.size / 5);
      if (upload === null || SERVER_BUSY(upload.status)) {
        return later(entry, upload && upload.retryAfter, say("file_waiting"));
      }
      if (upload.status === 201 || upload.status === 200) entry.file_sent = true;
      else entry.message = say("file_refused", { r: reasons(upload.reply) });
    }
    entry.state = "sent";
    entry.sent_at = Date.now();
    entry.attempts = 0;
    entry.next_try = 0;
    await put(entry);
    return "sent";
  }

  // One sender at a time, across the tabs of the browser.
  function exclusively(work) {
    if (navigator.locks && navigator.locks.request) return navigator.locks.request("hangviet-outbox", work);
    return work();
  }

  let sending = false, timer = 0;
  let again = null;  // a send asked for while one runs: run once more after it (at once if asked so)
  async function send(now) {
    if (sending) { again = !!(again || now); return; }
    sending = true;
    try {
      await exclusively(async () => {
        for (const entry of await all()) {
          if (entry.state === "sent") { if (spent(entry)) await remove(entry.key); continue; }
          if (entry.state === "refused" && !entry.retry) continue;
          if (!now && entry.next_try && entry.next_try > Date.now()) continue;
          if (!navigator.onLine) break;
          const result = await sendOne(entry);
          if (result === "later" || result === "signin") break;  // the rest waits with it
        }
      });
    } finally {
      sending = false;
      await render();
      schedule();
      if (again !== null) { const now2 = again; again = null; send(now2); }
    }
  }

  async function schedule() {
    clearTimeout(timer);
    const next = (await all()).filter((e) => e.state === "waiting" && e.next_try).map((e) => e.next_try);
    if (next.length) timer = setTimeout(() => send(false), Math.max(Math.min(...next) - Date.now(), 1000));
  }

  // --- keeping an entry ---------------------------------------------------------------------
  async function keep(form, key) {
    // Read and checked at once, and the form made ready for the next entry at once; the
    // photo is made smaller meanwhile.
    const d = read(form);
    const input = form.elements.namedItem("file");
    const original = (input && input.files && input.files[0]) || null;
    const photo = !!original && /^image\/(jpeg|png|webp)$/.test(original.type);
    const draft = { data: d, file: original && !photo ? { size: original.size } : null };
    const errors = check(draft, form);
    showErrors(form, errors);
    if (errors.length) return null;
    if (input) input.value = "";
    delete form.dataset.editing;
    clearTitle(form);
    const earlier = key ? (await all()).find((e) => e.key === key) : null;
    let file = earlier ? earlier.file : null;
    if (original) {
      const shrunk = photo ? await shrink(original) : original;
      file = { name: shrunk.name, type: shrunk.type, size: shrunk.size, blob: shrunk, original: original.size };
      const big = check({ data: d, file }, form).filter((e) => e[0] === "file");
      if (big.length) { fill(form, d); showErrors(form, big); return null; }
    }
    const entry = {
      key: key || newKey(),
      owner: OWNER,
      data: d,
      file,
      state: "waiting",
      message: "",
      created: earlier ? earlier.created : Date.now(),
      retry: true,
      attempts: 0,
      next_try: 0,
    };
    await put(entry);
    keepStorage();
    await render();
    return entry;
  }

  function clearTitle(form) {
    const title = form.elements.namedItem("title");
    if (title) { title.value = ""; title.focus(); }
  }

  async function submitted(form, again) {
    notice("");
    const entry = await keep(form, form.dataset.editing);
    if (!entry) return;
    if (!navigator.onLine) { notice(say("kept_offline")); return; }
    let result = "later";
    await exclusively(async () => { result = await sendOne(entry); });
    if (result === "sent") {
      const links = (entry.duplicates || []).map((id) => [form.dataset.detailUrl.replace(/\/0\/$/, "/" + id + "/"), say("open_duplicate")]);
      if (!again && !links.length) {
        await remove(entry.key);
        location.assign(form.dataset.listUrl + "?luu=" + entry.activity_id);
        return;
      }
      await remove(entry.key);
      notice(say("saved", { t: entry.data.title }) + (links.length ? " " + say("maybe_duplicate") : ""), links);
    } else if (result === "refused") {
      // Answered here and now: the entry goes back into the form with the reasons beside it
      // (its photo stays with it in the outbox until it is saved again or deleted).
      fill(form, entry.data);
      form.dataset.editing = entry.key;
      const errors = Object.entries(entry.errors || {}).flatMap(([name, list]) => list.map((m) => [name, m]));
      showErrors(form, errors.length ? errors : [["title", entry.message]]);
    } else {
      notice(say("kept_weak"));
      schedule();
    }
    await render();
  }

  // --- a file of waiting entries ------------------------------------------------------------
  const blobToData = (blob) => new Promise((ok, fail) => {
    const reader = new FileReader();
    reader.onload = () => ok(reader.result);
    reader.onerror = () => fail(reader.error);
    reader.readAsDataURL(blob);
  });

  function dataToBlob(url) {
    const [head, body] = url.split(",", 2);
    const type = (head.match(/^data:([^;,]+)/) || [])[1] || "application/octet-stream";
    const bytes = atob(body || "");
    const out = new Uint8Array(bytes.length);
    for (let i = 0; i < bytes.length; i++) out[i] = bytes.charCodeAt(i);
    return new Blob([out], { type });
  }

  async function exportFile() {
    const entries = (await all()).filter((e) => e.state !== "sent");
    const out = [];
    for (const e of entries) {
      const file = e.file ? { name: e.file.name, type: e.file.type, size: e.file.size, data: await blobToData(e.file.blob) } : null;
      out.push({ key: e.key, created: e.created, data: e.data, file, activity_id: e.activity_id || null, file_sent: !!e.file_sent });
    }
    const blob = new Blob([JSON.stringify({ format: "hangviet-outbox", version: 1, owner: OWNER, saved_at: new Date().toISOString(), entries: out })], { type: "application/json" });
    const a = document.createElement("a");
    const stamp = new Date().toISOString().slice(0, 16).replace(/[-:T]/g, "");
    a.href = URL.createObjectURL(blob);
    a.download = "hangviet-cho-gui-" + stamp + ".json";
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
    notice(say("exported", { n: out.length }));
  }

  async function importFile(file) {
    let parsed;
    try { parsed = JSON.parse(await file.text()); } catch (e) { parsed = null; }
    if (!parsed || parsed.format !== "hangviet-outbox" || !Array.isArray(parsed.entries)) {
      notice(say("import_bad")); return;
    }
    if (String(parsed.owner) !== String(OWNER)) { notice(say("import_other")); return; }
    const known = new Set((await everything()).map((e) => e.key));
    let added = 0, skipped = 0;
    for (const e of parsed.entries) {
      if (!e || typeof e.key !== "string" || !e.data || typeof e.data.title !== "string") { skipped++; continue; }
      if (known.has(e.key)) { skipped++; continue; }
      let kept = null;
      if (e.file && typeof e.file.data === "string") {
        const blob = dataToBlob(e.file.data);
        kept = { name: e.file.name, type: e.file.type, size: blob.size, blob: new File([blob], e.file.name, { type: e.file.type }) };
      }
      await put({ key: e.key, owner: OWNER, data: e.data, file: kept, state: "waiting", message: "", created: e.created || Date.now(), retry: true, attempts: 0, next_try: 0, activity_id: e.activity_id || undefined, file_sent: !!e.file_sent });
      added++;
    }
    notice(say("imported", { n: added, s: skipped }));
    await render();
    send(true);
  }

  // --- wiring -------------------------------------------------------------------------------
  document.addEventListener("DOMContentLoaded", () => {
    const form = document.querySelector("form[data-kind-form]");
    if (form) {
      const date = form.elements.namedItem("date");
      if (date && form.hasAttribute("data-bound")) date.dataset.touched = "1";  // the person's own
      if (date) date.addEventListener("input", () => { date.dataset.touched = "1"; });
      freshDate(form);
      document.addEventListener("visibilitychange", () => { if (!document.hidden) freshDate(form); });
      window.addEventListener("focus", () => freshDate(form));
      setInterval(() => freshDate(form), 60000);
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        const again = !!(event.submitter && event.submitter.name === "again");
        submitted(form, again);
      });
    }
    document.addEventListener("click", async (event) => {
      const target = event.target;
      if (!(target instanceof HTMLElement)) return;
      if (target.matches("[data-outbox-send]")) {
        for (const e of await all()) if (e.state === "refused" || e.state === "waiting") { e.retry = true; e.next_try = 0; await put(e); }
        send(true);
      } else if (target.matches("[data-outbox-export]")) {
        exportFile();
      } else if (target.dataset.drop) {
        await remove(target.dataset.drop); render();
      } else if (target.dataset.edit && form) {
        const entry = (await all()).find((e) => e.key === target.dataset.edit);
        if (entry) { fill(form, entry.data); form.dataset.editing = entry.key; form.scrollIntoView(); }
      }
    });
    document.querySelectorAll("[data-outbox-import]").forEach((input) =>
      input.addEventListener("change", () => { if (input.files && input.files[0]) importFile(input.files[0]).finally(() => { input.value = ""; }); })
    );
    // Signing out takes the kept pages (they name the person's units and work) with them.
    document.querySelectorAll("form[data-sign-out]").forEach((f) =>
      f.addEventListener("submit", () => { if (window.caches) caches.delete("hangviet-pages"); })
    );
    render().then(() => send(false));
    if ("serviceWorker" in navigator && data.sw) {
      navigator.serviceWorker.register(data.sw, { scope: data.swScope }).catch(() => {});
    }
  });
  window.addEventListener("online", () => send(true));
  window.addEventListener("offline", render);
})();
