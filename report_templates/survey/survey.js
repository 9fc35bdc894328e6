/* The survey page's behaviour: keep the answers in this browser, show progress, and save them
   as an answers file in the mlops-audit audit format. Nothing here makes a network request, and
   the page's Content Security Policy would refuse one. The page's text is built by the server
   side, escaped; this script never writes HTML, only text (textContent), so a question cannot
   turn into markup here either. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("survey-data").textContent);
  var form = document.getElementById("survey");
  var KEY = data.storage_key;
  var CAUSES = ["company-wide", "team-only", "temporary"];
  var questions = [];
  data.dimensions.forEach(function (dimension) {
    dimension.questions.forEach(function (question) {
      questions.push(question);
    });
  });
  var showProblems = false;

  function byId(id) {
    return document.getElementById(id);
  }

  // Element ids are "q_" + question id + "_" + part: ids are lowercase letters, digits and
  // dashes, so the underscores keep one question's parts from ever meeting another's.
  function part(q, name) {
    return byId("q_" + q.id + "_" + name);
  }

  function group(q, name) {
    return form.querySelectorAll('input[type="radio"][name="q_' + q.id + "_" + name + '"]');
  }

  function checked(q, name) {
    var found = null;
    group(q, name).forEach(function (radio) {
      if (radio.checked) found = radio.value;
    });
    return found;
  }

  function check(q, name, value) {
    group(q, name).forEach(function (radio) {
      radio.checked = radio.value === value;
    });
  }

  // What the person entered for one question, as kept in the browser.
  function read(q) {
    var raw = { choice: checked(q, "answer"), cause: checked(q, "cause"), note: part(q, "note").value };
    if (q.kind === "number") raw.number = part(q, "number").value;
    var reason = part(q, "reason");
    if (reason) raw.reason = reason.value;
    return raw;
  }

  function parseNumber(text) {
    var trimmed = String(text === undefined || text === null ? "" : text).trim();
    if (trimmed === "") return null;
    var number = Number(trimmed);
    return isFinite(number) ? number : null;
  }

  function within(number, range) {
    return (range[0] === null || number >= range[0]) && (range[1] === null || number < range[1]);
  }

  function bucketLabel(q, number) {
    for (var i = 0; i < q.buckets.length; i++) {
      var bucket = q.buckets[i];
      if (bucket.below === null || number < bucket.below) return bucket.label;
    }
    return null;
  }

  function shown(number) {
    return String(Number(number.toPrecision(6)));
  }

  // One question's answer as the audit format writes it (entry), whether it counts as answered
  // (done), what stops it from being saved (problem), and whether it is red (its cause asked).
  function evaluate(q, raw) {
    var entry = {};
    var result = { entry: null, done: false, problem: null, red: false, number: null };
    var numberBox = q.kind === "number" ? part(q, "number") : null;
    if (raw.choice === "_unknown") {
      entry.unknown = "did-not-know";
      result.done = true;
    } else if (raw.choice === "_na" && !q.critical) {
      var reason = (raw.reason || "").trim();
      if (reason) {
        entry.na = reason;
        result.done = true;
      } else {
        result.problem = "say why it does not apply, or choose another answer.";
      }
    } else if (raw.choice === "_number" && q.kind === "number") {
      var number = parseNumber(raw.number);
      var span = "from " + shown(q.min) + (q.max === null ? " up" : " to " + shown(q.max));
      if (number === null || (numberBox && numberBox.validity.badInput)) {
        result.problem = "type a number of " + q.unit + " (" + span + "), or choose another answer.";
      } else if (number < q.min || (q.max !== null && number > q.max)) {
        result.problem = "type a number " + span + " " + q.unit + "; " + shown(number) + " is out of range.";
      } else {
        entry.answer = number;
        result.number = number;
        result.done = true;
        result.red = q.red_ranges.some(function (range) { return within(number, range); });
      }
    } else if (raw.choice && q.kind === "choice") {
      var known = q.options.some(function (option) { return option.id === raw.choice; });
      if (known) {
        entry.answer = raw.choice;
        result.done = true;
        result.red = q.red_options.indexOf(raw.choice) >= 0;
      }
    }
    if (result.red && CAUSES.indexOf(raw.cause) >= 0) entry.nature = raw.cause;
    var note = (raw.note || "").trim();
    if (note) entry.note = note;
    if (Object.keys(entry).length) result.entry = entry;
    return result;
  }

  var progressText = byId("progress-text");

  // Bring the page in line with the answers: conditional fields, errors, progress.
  function update() {
    var results = {};
    var done = 0;
    questions.forEach(function (q) {
      var raw = read(q);
      var result = evaluate(q, raw);
      results[q.id] = result;
      if (result.done) done += 1;
      var reasonBox = part(q, "reason_box");
      if (reasonBox) reasonBox.hidden = raw.choice !== "_na";
      part(q, "cause_box").hidden = !result.red;
      if (q.kind === "number") {
        var label = result.number === null ? null : bucketLabel(q, result.number);
        part(q, "bucket").textContent = label ? "That is: " + label + "." : "";
      }
      var problem = showProblems ? result.problem : null;
      part(q, "error").textContent = problem ? "To fix: " + problem : "";
      var target = problemTarget(q, raw);
      if (target) {
        if (problem) target.setAttribute("aria-invalid", "true");
        else target.removeAttribute("aria-invalid");
      }
      byId("q_" + q.id).classList.toggle("answered", result.done);
    });
    var role = byId("role");
    if (showProblems && !role.value.trim()) role.setAttribute("aria-invalid", "true");
    else role.removeAttribute("aria-invalid");
    byId("progress").value = done;
    var text = done + " of " + questions.length + " answered";
    if (progressText.textContent !== text) progressText.textContent = text;
    return results;
  }

  function problemTarget(q, raw) {
    if (raw.choice === "_na") return part(q, "reason");
    if (raw.choice === "_number") return part(q, "number");
    return null;
  }

  // Answers kept in the browser, by checklist id and hash: another checklist's survey (or a
  // new version of this one) opened in the same browser never mixes its answers with these.
  function snapshot() {
    var answers = {};
    questions.forEach(function (q) {
      var raw = read(q);
      var kept = {};
      ["choice", "number", "reason", "cause", "note"].forEach(function (key) {
        if (raw[key]) kept[key] = raw[key];
      });
      if (Object.keys(kept).length) answers[q.id] = kept;
    });
    return { version: data.storage_version, role: byId("role").value, name: byId("name").value, answers: answers };
  }

  function storageFailed() {
    byId("storage-warning").hidden = false;
  }

  function persist() {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(snapshot()));
    } catch (error) {
      storageFailed();
    }
  }

  function text(value) {
    return typeof value === "string" ? value : "";
  }

  function restore() {
    var state = null;
    try {
      state = JSON.parse(window.localStorage.getItem(KEY) || "null");
    } catch (error) {
      storageFailed();
      return;
    }
    if (!state || state.version !== data.storage_version || typeof state.answers !== "object") return;
    byId("role").value = text(state.role);
    byId("name").value = text(state.name);
    questions.forEach(function (q) {
      var kept = state.answers[q.id];
      if (!kept || typeof kept !== "object") return;
      check(q, "answer", text(kept.choice));
      check(q, "cause", text(kept.cause));
      part(q, "note").value = text(kept.note);
      if (q.kind === "number") part(q, "number").value = text(kept.number);
      var reason = part(q, "reason");
      if (reason) reason.value = text(kept.reason);
    });
  }

  // A YAML double-quoted scalar that the tool reads back as exactly this text. Characters YAML
  // does not allow raw, or reads as line breaks, are escaped; a lone surrogate (not text at all)
  // becomes U+FFFD, as any UTF-8 encoder would make it.
  function quote(value) {
    var out = '"';
    for (var ch of String(value)) {
      var code = ch.codePointAt(0);
      if (ch === '"') out += '\\"';
      else if (ch === "\\") out += "\\\\";
      else if (ch === "\n") out += "\\n";
      else if (ch === "\t") out += "\\t";
      else if (code >= 0xd800 && code <= 0xdfff) out += "\ufffd";
      else if (code < 0x20 || (code >= 0x7f && code < 0xa0) || code === 0x2028 || code === 0x2029 ||
               code === 0xfeff || code === 0xfffe || code === 0xffff) {
        out += "\\u" + ("000" + code.toString(16)).slice(-4);
      } else out += ch;
    }
    return out + '"';
  }

  function scalar(value) {
    return typeof value === "number" ? String(value) : quote(value);
  }

  function flow(entry) {
    var parts = [];
    ["answer", "nature", "unknown", "na", "note"].forEach(function (key) {
      if (key in entry) parts.push(key + ": " + scalar(entry[key]));
    });
    return "{" + parts.join(", ") + "}";
  }

  function pad(number) {
    return (number < 10 ? "0" : "") + number;
  }

  function today(now) {
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  // The answers file: an audit file in the tool's format, with only what the person chose to
  // give (no name key at all when they stayed anonymous).
  function answersFile(results, role, name, date) {
    var checklist = data.checklist;
    var lines = [
      "# yaml-language-server: $schema=audit.schema.json",
      "# Answers to an mlops-audit survey, saved from the survey page.",
      "# Combine everyone's files with: mlops-audit merge answers-*.yaml -o team.yaml",
      "checklist: {id: " + quote(checklist.id) + ", version: " + quote(checklist.version) +
        ", hash: " + quote(checklist.hash) + "}",
      "mode: " + quote(data.mode)
    ];
    if (data.company) lines.push("company: " + quote(data.company));
    if (data.team) lines.push("team: " + quote(data.team));
    lines.push("date: " + quote(date));
    lines.push("respondent: " + quote(role));
    if (name) lines.push("respondent_name: " + quote(name));
    var answered = questions.filter(function (q) { return results[q.id].entry; });
    if (!answered.length) lines.push("answers: {}");
    else lines.push("answers:");
    answered.forEach(function (q) {
      lines.push("  " + quote(q.id) + ": " + flow(results[q.id].entry));
    });
    return lines.join("\n") + "\n";
  }

  function fileName(role, now) {
    var slug = role.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40);
    return "answers-" + (slug || "respondent") + "-" + today(now) + "-" + pad(now.getHours()) +
      pad(now.getMinutes()) + ".yaml";
  }

  function download(content, name) {
    var url = URL.createObjectURL(new Blob([content], { type: "application/x-yaml;charset=utf-8" }));
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    // Revoked later, not at once: some browsers read the blob after click() returns.
    window.setTimeout(function () {
      URL.revokeObjectURL(url);
      link.remove();
    }, 60000);
  }

  var messageBox = byId("message");

  function say(lines, problems) {
    messageBox.textContent = "";
    messageBox.className = problems ? "problems" : "done";
    lines.forEach(function (line) {
      var paragraph = document.createElement("p");
      paragraph.textContent = line;
      messageBox.appendChild(paragraph);
    });
    if (problems && problems.length) {
      var list = document.createElement("ul");
      problems.forEach(function (problem) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = "#" + problem.id;
        link.textContent = problem.text;
        link.addEventListener("click", function (event) {
          event.preventDefault();
          byId(problem.id).focus();
        });
        item.appendChild(link);
        list.appendChild(item);
      });
      messageBox.appendChild(list);
    }
  }

  function save() {
    showProblems = true;
    var results = update();
    var problems = [];
    var role = byId("role").value.trim();
    if (!role) problems.push({ id: "role", text: "Your role: say it, so that answers can be told apart when merged." });
    questions.forEach(function (q) {
      var result = results[q.id];
      if (result.problem) {
        var target = problemTarget(q, read(q));
        problems.push({ id: target ? target.id : "q_" + q.id + "_note", text: "Question " + q.number + ": " + result.problem });
      }
    });
    var answered = questions.some(function (q) { return results[q.id].done; });
    if (!problems.length && !answered) {
      var first = group(questions[0], "answer")[0];
      problems.push({ id: first.id, text: "Answer at least one question before saving." });
    }
    if (problems.length) {
      say(["Nothing was saved yet. Fix " + (problems.length === 1 ? "this" : "these") + " first:"], problems);
      byId(problems[0].id).focus();
      return;
    }
    var now = new Date();
    var name = fileName(role, now);
    download(answersFile(results, role, byId("name").value.trim(), today(now)), name);
    var left = questions.length - questions.filter(function (q) { return results[q.id].done; }).length;
    say([
      "Saved " + name + " to your downloads. Send that file to whoever asked you.",
      left ? left + " question" + (left === 1 ? " is" : "s are") + " still open; you can answer more and save again." : "Every question is answered. Thank you.",
      "Your answers also stay in this browser until you clear them."
    ]);
  }

  function clear() {
    if (!window.confirm("Clear all your answers from this page and this browser? Files you already saved are kept.")) return;
    form.reset();
    try {
      window.localStorage.removeItem(KEY);
    } catch (error) {
      storageFailed();
    }
    showProblems = false;
    update();
    say(["Your answers were cleared from this page and this browser."]);
    byId("role").focus();
  }

  function changed(event) {
    var target = event.target;
    // Typing a number is choosing to give one.
    if (target.type === "number" && target.value !== "") {
      var radio = byId(target.id.replace(/_number$/, "_o_number"));
      if (radio) radio.checked = true;
    }
    update();
    persist();
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function (event) {
    event.preventDefault(); // Enter in a text field must not reload the page
  });
  byId("save").addEventListener("click", save);
  byId("clear").addEventListener("click", clear);
  restore();
  update();
}());
