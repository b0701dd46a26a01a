/* The outbox: activities recorded with no connection wait in the browser (IndexedDB), each
   with its own key, are checked with the server's rules, can be changed or deleted, and are
   sent through the API when the connection returns (automatically, or with "Gửi ngay"). The
   key goes as external_id, so an entry sent twice is saved once. Every answer is shown on its
   entry: saved, already there, or refused with the server's reason. */
(function () {
  "use strict";
  if (!("indexedDB" in window)) return;
  const DB = "hangviet-outbox", STORE = "entries";
  const T = JSON.parse((document.getElementById("outbox-words") || {}).textContent || "{}");
  const say = (key, values) => (T[key] || key).replace(/%\((\w+)\)s/g, (_m, k) => (values || {})[k] ?? "");

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
      t.oncomplete = () => resolve(result && "result" in result ? result.result : undefined);
      t.onerror = () => reject(t.error);
    });
  }
  // Waiting entries belong to the person who made them: on a shared phone, what A typed is
  // neither listed to B nor sent under B's name; it waits until A signs in again.
  const OWNER = document.body.dataset.outboxOwner || "";
  const everything = () => tx("readonly", (s) => s.getAll());
  const all = async () => (await everything()).filter((e) => (e.owner || OWNER) === OWNER);
  const others = async () => (await everything()).filter((e) => e.owner && e.owner !== OWNER && e.state !== "sent").length;
  const put = (entry) => tx("readwrite", (s) => s.put(entry));
  const remove = (key) => tx("readwrite", (s) => s.delete(key));

  function newKey() {
    if (crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + Math.random().toString(36).slice(2);
  }

  function csrf() {
    const m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }

  // The server's rules (activities.services.validate), checked before an entry is kept.
  function check(data, form) {
    const errors = [];
    const title = (data.title || "").replace(/[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2060\ufeff]/g, "").trim();
    if (!title) errors.push(say("title"));
    if (title.length > 300) errors.push(say("title_long"));
    const today = new Date(); today.setHours(0, 0, 0, 0);
    const day = data.date ? new Date(data.date + "T00:00:00") : null;
    if (!day || isNaN(day)) errors.push(say("date"));
    else if (day > today || day < new Date("2000-01-01T00:00:00")) errors.push(say("date_range"));
    if (data.end_date) {
      const end = new Date(data.end_date + "T00:00:00");
      if (isNaN(end) || (day && end < day)) errors.push(say("end_before"));
      else if (end > today) errors.push(say("end_future"));
    }
    if (!/^\d+$/.test(String(data.quantity))) errors.push(say("quantity"));
    else if (Number(data.quantity) > 10000000) errors.push(say("quantity_big"));
    const file = picked(form);
    const limit = Number(form.dataset.maxBytes || 0);
    if (file && limit && file.size > limit) errors.push(say("file_big", { l: Math.floor(limit / 1048576) }));
    const units = Array.from(form.querySelectorAll("select[name=unit] option")).map((o) => o.value);
    if (!units.includes(String(data.unit))) errors.push(say("unit"));
    return errors;
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

  function picked(form) {
    const input = form.elements.namedItem("file");
    const file = input && input.files && input.files[0];
    return file ? { name: file.name, type: file.type, size: file.size, blob: file } : null;
  }

  function fill(form, data) {
    for (const [name, val] of Object.entries(data)) {
      const field = form.elements.namedItem(name === "themes" ? "theme" : name);
      if (!field || field instanceof RadioNodeList) continue;
      if (name === "themes") field.value = val.length ? String(val[0]) : "";
      else if (field.type === "checkbox") field.checked = val === "confirmed";
      else if (field.multiple) Array.from(field.options).forEach((o) => (o.selected = (val || []).includes(Number(o.value))));
      else field.value = val == null ? "" : String(val);
    }
    const confirmed = form.elements.namedItem("confirmed");
    if (confirmed) confirmed.checked = data.status === "confirmed";
  }

  async function updateCount() {
    const waiting = (await all()).filter((e) => e.state !== "sent").length;
    document.querySelectorAll("[data-outbox-count]").forEach((el) => {
      el.textContent = say("count", { n: waiting });
      el.hidden = waiting === 0;
    });
    return waiting;
  }

  async function render() {
    const box = document.getElementById("outbox");
    await updateCount();
    if (!box) return;
    const entries = (await all()).sort((a, b) => a.created - b.created);
    const list = box.querySelector("ul");
    list.replaceChildren();
    const foreign = await others();
    box.hidden = entries.length === 0 && foreign === 0;
    box.querySelector("[data-outbox-title]").textContent = say("title_list", { n: entries.filter((e) => e.state !== "sent").length });
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
      status.setAttribute("role", "status");
      status.textContent = say("state_" + entry.state) + (entry.message ? " — " + entry.message : "");
      li.append(text, status);
      if (entry.state !== "sent") {
        const actions = document.createElement("div");
        actions.className = "actions";
        const edit = document.createElement("button");
        edit.type = "button"; edit.textContent = say("edit"); edit.dataset.edit = entry.key;
        const drop = document.createElement("button");
        drop.type = "button"; drop.textContent = say("delete"); drop.dataset.drop = entry.key;
        actions.append(edit, drop);
        li.append(actions);
      }
      list.append(li);
    }
  }

  let sending = false;
  async function send() {
    if (sending || !navigator.onLine) return;
    sending = true;
    try {
      for (const entry of await all()) {
        if (entry.state === "sent") { await remove(entry.key); continue; }
        if (entry.state === "refused" && !entry.retry) continue;
        entry.owner = OWNER;  // an entry kept before owners were recorded is claimed once
        const body = Object.assign({}, entry.data, { external_id: "offline-" + entry.key });
        delete body.unit_name;
        if (!body.plan) delete body.plan;
        if (!body.end_date) delete body.end_date;
        body.quantity = Number(body.quantity);
        let answer;
        try {
          answer = await fetch(document.body.dataset.outboxApi, {
            method: "POST",
            credentials: "same-origin",
            headers: { "Content-Type": "application/json", "X-CSRFToken": csrf(), Accept: "application/json" },
            body: JSON.stringify(body),
          });
        } catch (e) { break; }  // the connection went again: the rest waits
        const reply = await answer.json().catch(() => ({}));
        if (answer.status === 201 || answer.status === 200) {
          entry.state = "sent";
          entry.message = answer.status === 200 ? say("already") : "";
          if (entry.file && !entry.file_sent) {
            const files = new FormData();
            files.append("file", entry.file.blob, entry.file.name);
            let upload;
            try {
              upload = await fetch(document.body.dataset.outboxApi + reply.id + "/files/", {
                method: "POST", credentials: "same-origin", body: files,
                headers: { "X-CSRFToken": csrf(), Accept: "application/json" },
              });
            } catch (e) { entry.state = "waiting"; await put(entry); break; }
            if (upload.status === 201) entry.file_sent = true;
            else {
              const why = await upload.json().catch(() => ({}));
              const reasons = Object.values(why.errors || {}).flat();
              entry.message = say("file_refused", { r: [why.detail, ...reasons].filter(Boolean).join(" ") });
            }
          }
        } else if (answer.status === 401 || (answer.status === 403 && /CSRF/i.test(reply.detail || ""))) {
          entry.state = "waiting";
          entry.message = say("signin");
        } else {
          entry.state = "refused";
          const reasons = Object.values(reply.errors || {}).flat();
          entry.message = [reply.detail, ...reasons].filter(Boolean).join(" ");
        }
        entry.retry = false;
        await put(entry);
      }
    } finally {
      sending = false;
      await render();
    }
  }

  async function keep(form, key) {
    const data = read(form);
    const errors = check(data, form);
    const box = document.getElementById("outbox-errors");
    if (errors.length) {
      if (box) { box.hidden = false; box.textContent = errors.join(" "); }
      return false;
    }
    if (box) box.hidden = true;
    const earlier = (await all()).find((e) => e.key === key);
    const file = picked(form) || (earlier ? earlier.file : null);
    await put({ key: key || newKey(), owner: OWNER, data, file, state: "waiting", message: "", created: earlier ? earlier.created : Date.now(), retry: true });
    const input = form.elements.namedItem("file");
    if (input) input.value = "";
    delete form.dataset.editing;
    const title = form.elements.namedItem("title");
    if (title) title.value = "";
    await render();
    return true;
  }

  document.addEventListener("DOMContentLoaded", () => {
    const form = document.querySelector("form[data-kind-form]");
    if (form) {
      form.addEventListener("submit", (event) => {
        if (navigator.onLine && !form.dataset.editing) return;  // the usual way, with the server
        event.preventDefault();
        keep(form, form.dataset.editing).then((ok) => { if (ok && navigator.onLine) send(); });
      });
    }
    document.addEventListener("click", async (event) => {
      const target = event.target;
      if (!(target instanceof HTMLElement)) return;
      if (target.matches("[data-outbox-send]")) {
        for (const e of await all()) if (e.state === "refused") { e.retry = true; await put(e); }
        send();
      } else if (target.dataset.drop) {
        await remove(target.dataset.drop); render();
      } else if (target.dataset.edit && form) {
        const entry = (await all()).find((e) => e.key === target.dataset.edit);
        if (entry) { fill(form, entry.data); form.dataset.editing = entry.key; form.scrollIntoView(); }
      }
    });
    // Signing out takes the cached quick entry page (it names the person's units) with it.
    document.querySelectorAll("form[data-sign-out]").forEach((f) =>
      f.addEventListener("submit", () => { if (window.caches) caches.delete("hangviet-pages"); })
    );
    render().then(send);
    if ("serviceWorker" in navigator && document.body.dataset.sw) {
      navigator.serviceWorker.register(document.body.dataset.sw, { scope: document.body.dataset.swScope }).catch(() => {});
    }
  });
  window.addEventListener("online", send);
  window.addEventListener("offline", render);
})();
