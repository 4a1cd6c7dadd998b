/* The SLA clock in the browser: the same rules as helpcenter.policy.sla (Python), from support-policy.json.
 * Business hours are those of the policy in its time zone (08:00 sharp inside, 17:00 sharp outside);
 * public holidays and closures (days_off) are outside all day; the deadline is the instant plus the
 * window's duration, as elapsed time. No dependency; every text comes from the page. */
(() => {
  "use strict";

  /* Intl formatters, made once per locale and options: making one costs far more than using it (it was
   * most of the ticket page's script time on a phone). */
  const formatters = new Map();
  function formatter(locale, options) {
    const key = `${locale} ${JSON.stringify(options)}`;
    if (!formatters.has(key)) formatters.set(key, new Intl.DateTimeFormat(locale, options));
    return formatters.get(key);
  }

  /* Date, weekday (0 = Monday) and time of an instant in a time zone, read with Intl (handles clock changes). */
  function localParts(instant, timeZone) {
    const parts = {};
    const format = formatter("en-GB", {
      timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", second: "2-digit",
    });
    for (const { type, value } of format.formatToParts(instant)) parts[type] = value;
    const sundayFirst = new Date(Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day))).getUTCDay();
    return {
      date: `${parts.year}-${parts.month}-${parts.day}`,
      weekday: (sundayFirst + 6) % 7,
      time: `${parts.hour}:${parts.minute}:${parts.second}`,
    };
  }

  /* Which window applies at `instant` (a Date), and why: same answers as helpcenter.policy.sla.SlaClock.moment,
   * with the ids the policy file gives (sla_clock). */
  function moment(policy, instant) {
    const hours = policy.business_hours;
    const { windows, reasons } = policy.sla_clock;
    const local = localParts(instant, hours.timezone);
    const off = hours.days_off.find((day) => day.date === local.date);
    if (off) return { window: windows.outside_business_hours, reason: off.kind, dayOff: off };
    if (!hours.weekdays.includes(local.weekday)) return { window: windows.outside_business_hours, reason: reasons.weekend };
    // "HH:MM:SS" strings compare in time order; the end is excluded: 17:00:00 is outside.
    if (local.time >= `${hours.start}:00` && local.time < `${hours.end}:00`) {
      return { window: windows.business_hours, reason: reasons.business_hours };
    }
    return { window: windows.outside_business_hours, reason: reasons.outside_hours };
  }

  function firstResponse(policy, instant, priority) {
    const now = moment(policy, instant);
    const row = policy.first_response.targets.find((target) => target.priority === priority);
    return { moment: now, deadline: new Date(instant.getTime() + row.windows[now.window].seconds * 1000) };
  }

  /* --- the widget --- */
  function formatTime(date, locale, timeZone) {
    return formatter(locale, {
      weekday: "long", day: "numeric", month: "long", hour: "2-digit", minute: "2-digit", timeZone,
    }).format(date);
  }

  function render(widget, policy, config) {
    const say = config.messages;
    const now = new Date();
    const parisZone = policy.business_hours.timezone;
    const readerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const current = moment(policy, now);
    const { windows, reasons } = policy.sla_clock;
    const status = widget.querySelector("[data-hc-slot=status]");
    if (current.reason === reasons.public_holiday) status.textContent = say.holiday.replace("{name}", current.dayOff.name[config.language]);
    else if (current.reason === reasons.closure) status.textContent = say.closure;
    else status.textContent = current.window === windows.business_hours ? say.business : say.outside;
    widget.dataset.window = current.window;
    const list = widget.querySelector("[data-hc-slot=deadlines]");
    list.replaceChildren();
    for (const [priority, label] of config.priorities) {
      const { deadline } = firstResponse(policy, now, priority);
      const term = document.createElement("dt");
      const detail = document.createElement("dd");
      term.textContent = label;
      detail.dataset.priority = priority;
      const paris = formatTime(deadline, config.locale, parisZone);
      const local = formatTime(deadline, config.locale, readerZone);
      detail.textContent = say.paris.replace("{time}", paris);
      if (local !== paris) {
        const mine = document.createElement("span");
        mine.className = "hc-sla-clock__local";
        mine.textContent = say.local.replace("{time}", local);
        detail.append(document.createElement("br"), mine);
      }
      list.append(term, detail);
    }
    widget.hidden = false;
  }

  window.HelpcenterSla = { moment, firstResponse };

  const widgets = [...document.querySelectorAll("[data-hc=sla-clock]")];
  if (!widgets.length) return;
  function start() {
    fetch(widgets[0].dataset.policy)
      .then((response) => response.json())
      .then((policy) => {
        const refresh = () => {
          for (const widget of widgets) {
            render(widget, policy, JSON.parse(widget.querySelector("[data-hc-slot=config]").textContent));
          }
        };
        refresh();
        setInterval(refresh, 60 * 1000);
      })
      .catch(() => {
        /* no policy file: the response-time table on the page stays the reference */
      });
  }

  /* A clock the reader sees starts now. One inside a hidden block only (the ticket form's confirmation)
   * starts when the reader first uses the page, so that it is ready before the block is shown and the
   * page's load carries neither its policy file nor its work. */
  if (widgets.some((widget) => !widget.parentElement.closest("[hidden]"))) {
    start();
  } else {
    const events = ["focusin", "pointerdown", "keydown"];
    const once = () => {
      for (const name of events) document.removeEventListener(name, once, true);
      start();
    };
    for (const name of events) document.addEventListener(name, once, true);
  }
})();
