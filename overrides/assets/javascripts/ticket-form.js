/* Ticket form: validation, draft kept in sessionStorage, JSON POST with an Idempotency-Key, and
 * nothing lost on failure. Every text and setting comes from #hc-ticket-config (rendered from
 * support.yml and the message catalogs); this file holds no customer-facing string. */
(() => {
  "use strict";
  const form = document.getElementById("hc-ticket-form");
  const configElement = document.getElementById("hc-ticket-config");
  if (!form || !configElement) return;
  const config = JSON.parse(configElement.textContent);
  const say = config.messages;
  const DRAFT = "hc-ticket-draft";
  const TRAP = "website";
  const status = document.getElementById("hc-ticket-status");
  const failure = document.getElementById("hc-ticket-failure");
  const mailto = document.getElementById("hc-ticket-mailto");
  const submit = document.getElementById("hc-ticket-submit");
  const result = document.getElementById("hc-ticket-result");
  const EMAIL = new RegExp(config.emailPattern);
  let sending = false;

  const fieldNames = () => config.fields[value("category")] || [];
  const contactNames = config.contactFields;
  const isOptional = (name) => config.optional.includes(name);

  function value(name) {
    const element = form.elements[name];
    if (!element) return "";
    return (element.value || "").trim();
  }

  function wrapper(name) {
    return form.querySelector(`[data-field="${name}"]`);
  }

  /* Show the fields of the chosen category only; hidden fields are neither validated nor sent. */
  function showFieldsOfCategory() {
    const shown = fieldNames();
    for (const name of config.ticketFields) {
      const box = wrapper(name);
      if (box) box.hidden = !shown.includes(name);
    }
  }

  /* --- draft: every keystroke kept for the browser tab, restored after a reload --- */
  function readDraft() {
    try {
      return JSON.parse(sessionStorage.getItem(DRAFT)) || {};
    } catch (error) {
      return {};
    }
  }

  function saveDraft() {
    const draft = readDraft();
    draft.values = {};
    for (const element of form.elements) {
      if (!element.name || element.name === TRAP || element.type === "file") continue;
      if ((element.type === "radio" || element.type === "checkbox") && !element.checked) continue;
      draft.values[element.name] = element.value;
    }
    try {
      sessionStorage.setItem(DRAFT, JSON.stringify(draft));
    } catch (error) {
      /* storage full or disabled: the form still works */
    }
  }

  function restoreDraft() {
    const values = readDraft().values || {};
    for (const [name, saved] of Object.entries(values)) {
      const element = form.elements[name];
      if (!element || element.type === "file") continue;
      if (element instanceof RadioNodeList || element.type === "radio") {
        for (const option of form.querySelectorAll(`input[name="${name}"]`)) option.checked = option.value === saved;
      } else {
        element.value = saved;
      }
    }
  }

  /* One key per ticket: kept with the draft through retries and reloads, dropped once sent. */
  function idempotencyKey() {
    const draft = readDraft();
    if (!draft.key) {
      draft.key = crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(16).slice(2)}`;
      sessionStorage.setItem(DRAFT, JSON.stringify(draft));
    }
    return draft.key;
  }

  /* --- validation --- */
  function setError(name, message) {
    const box = document.getElementById(`hc-error-${name}`);
    const input = form.querySelector(`[name="${name}"]`);
    if (box) {
      box.textContent = message || "";
      box.hidden = !message;
    }
    if (input) {
      for (const element of form.querySelectorAll(`[name="${name}"]`)) {
        if (message) element.setAttribute("aria-invalid", "true");
        else element.removeAttribute("aria-invalid");
      }
    }
  }

  /* Files: count, size and type limits of support.yml (the server checks them again). */
  function checkFiles() {
    const rule = config.files;
    const files = [...form.elements.attachments.files];
    const type = (file) => file.name.slice(file.name.lastIndexOf(".")).toLowerCase();
    if (files.length > rule.max) return say.file_count;
    if (files.some((file) => file.size > rule.size)) return say.file_size;
    if (files.some((file) => !rule.types.includes(type(file)))) return say.file_type;
    return "";
  }

  function checkField(name) {
    if (name === "attachments") return checkFiles();
    const text = value(name);
    if (name === "impact" || form.elements[name].tagName === "SELECT") return text || isOptional(name) ? "" : say.choose;
    if (!text) return isOptional(name) ? "" : say.required;
    if (name === "email" && !EMAIL.test(text)) return say.email;
    if (name === "started_at" && new Date(text) > new Date()) return say.future;
    return "";
  }

  function validate() {
    const problems = [];
    const files = form.elements.attachments ? ["attachments"] : [];
    for (const name of [...fieldNames(), ...files, ...contactNames]) {
      const problem = checkField(name);
      setError(name, problem);
      if (problem) problems.push(name);
    }
    return problems;
  }

  /* --- sending --- */
  function payload() {
    const ticket = {
      category: value("category"),
      ticket_language: value("ticket_language"),
      page_language: config.language,
      contact: { name: value("name"), email: value("email") },
    };
    if (value("company")) ticket.contact.company = value("company");
    for (const name of fieldNames()) {
      const text = value(name);
      if (!text) continue;
      ticket[name] = name === "started_at" ? new Date(text).toISOString() : text;
    }
    return ticket;
  }

  /* A date and time in the page's language, with its time zone. */
  function when(date) {
    const parts = { weekday: "long", day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit" };
    return new Intl.DateTimeFormat(config.language, { ...parts, timeZoneName: "short" }).format(date);
  }

  /* The ticket as an e-mail: one "label: value" line per filled field, with the form's own labels. */
  function mailLink() {
    const lines = [];
    for (const box of form.querySelectorAll(".hc-field[data-field]:not([hidden])")) {
      const name = box.dataset.field;
      const element = form.elements[name];
      if (!element || name === "attachments") continue;
      const label = box.querySelector("legend, label").cloneNode(true);
      for (const mark of label.querySelectorAll(".hc-optional")) mark.remove();
      const chosen = form.querySelector(`input[name="${name}"]:checked + label`);
      let text = value(name);
      if (chosen) text = (chosen.querySelector("strong") || chosen).textContent.trim();
      else if (element.tagName === "SELECT") text = element.selectedIndex > 0 ? element.selectedOptions[0].textContent.trim() : "";
      else if (name === "started_at" && text) text = when(new Date(text));
      if (text) lines.push(`${label.textContent.trim()}: ${text}`);
    }
    const subject = say.mailSubject.replace("{subject}", value("subject"));
    return `mailto:${config.email}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(lines.join("\n\n"))}`;
  }

  function announce(message) {
    status.textContent = message;
  }

  function showFailure(message) {
    announce(message);
    mailto.href = mailLink();
    failure.hidden = false;
    submit.textContent = say.retry;
  }

  function showFieldErrors(errors) {
    const named = errors.filter((error) => error && error.field && wrapper(error.field));
    for (const error of named) {
      setError(error.field, say[error.code] || error.message || say.invalid);
    }
    announce(named.length ? say.summary : say.rejected);
    if (named.length) form.querySelector(`[name="${named[0].field}"]`).focus();
    else showFailure(say.rejected);
  }

  function showSuccess(answer, ticket) {
    sessionStorage.removeItem(DRAFT);
    form.hidden = true;
    document.querySelector("#hc-ticket-result-reference > span").textContent = answer.reference || "";
    const slaBox = document.getElementById("hc-ticket-result-sla");
    slaBox.replaceChildren();
    if (answer.first_response) {
      /* the deadline computed by the helpdesk with the SLA clock, in the reader's time zone */
      const deadline = document.createElement("strong");
      deadline.id = "hc-ticket-deadline";
      deadline.textContent = say.deadline.replace("{deadline}", when(new Date(answer.first_response.due)));
      slaBox.append(deadline, document.createElement("br"));
    }
    if (ticket.category === config.slaCategory && config.sla[ticket.impact]) {
      slaBox.append(say.slaTechnical);
      const list = document.createElement("dl");
      list.className = "hc-ticket__sla";
      for (const [window, text] of config.sla[ticket.impact]) {
        const term = document.createElement("dt");
        const detail = document.createElement("dd");
        term.textContent = window;
        detail.textContent = text;
        list.append(term, detail);
      }
      slaBox.append(list);
    } else {
      slaBox.textContent = say.slaOther;
    }
    result.hidden = false;
    /* in view below the fixed header (scroll-margin-top), then focused */
    result.scrollIntoView({ block: "start" });
    result.focus({ preventScroll: true });
  }

  async function send() {
    const ticket = payload();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), config.timeoutMs);
    sending = true;
    submit.disabled = true;
    failure.hidden = true;
    announce(say.sending);
    const headers = { "Content-Type": "application/json", "Idempotency-Key": idempotencyKey() };
    let body = JSON.stringify(ticket);
    const files = form.elements.attachments ? [...form.elements.attachments.files] : [];
    if (files.length) {
      /* with files: multipart, the ticket's JSON in the part "ticket" (the browser sets the boundary) */
      body = new FormData();
      body.append("ticket", JSON.stringify(ticket));
      for (const file of files) body.append("attachments", file);
      delete headers["Content-Type"];
    }
    let response;
    try {
      response = await fetch(config.endpoint, { method: "POST", headers, body, signal: controller.signal });
    } catch (error) {
      showFailure(error.name === "AbortError" ? say.timeout : say.network);
      return;
    } finally {
      clearTimeout(timer);
      sending = false;
      submit.disabled = false;
    }
    let answer = {};
    try {
      answer = await response.json();
    } catch (error) {
      /* not JSON: the status code says enough */
    }
    if (response.status === 201 || response.status === 200) {
      showSuccess(answer, ticket);
    } else if ([400, 413, 422].includes(response.status)) {
      showFieldErrors(answer.errors || []);
    } else if (response.status === 429) {
      const seconds = parseInt(response.headers.get("Retry-After"), 10) || 60;
      showFailure(say.rateLimited.replace("{seconds}", seconds));
    } else {
      showFailure(say.server);
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (sending) return;
    if (value(TRAP)) {
      /* a robot filled the trap: pretend all is well, send nothing */
      form.hidden = true;
      return;
    }
    const problems = validate();
    if (problems.length) {
      announce(say.summary);
      form.querySelector(`[name="${problems[0]}"]`).focus();
      return;
    }
    send();
  });

  form.addEventListener("input", (event) => {
    if (event.target.name === "category") showFieldsOfCategory();
    if (event.target.getAttribute("aria-invalid")) setError(event.target.name, checkField(event.target.name));
    saveDraft();
  });
  form.addEventListener("change", saveDraft);

  document.getElementById("hc-ticket-new").addEventListener("click", () => {
    form.reset();
    showFieldsOfCategory();
    announce("");
    failure.hidden = true;
    result.hidden = true;
    form.hidden = false;
    form.querySelector("input, select, textarea").focus();
  });

  restoreDraft();
  showFieldsOfCategory();
})();
