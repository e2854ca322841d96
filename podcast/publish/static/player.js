// "Listen to this Recap": a custom player over the page's <audio>, with chapters and a transcript
// that follows along. A file, not inline, because the pages' CSP forbids inline JS. Data goes into
// the page only through textContent and attributes, never as HTML; every URL is relative.
(function () {
  "use strict";

  var SPEEDS = [1, 1.25, 1.5, 2];
  var BACK_S = 15;
  var FORWARD_S = 30;
  var ARROW_STEP_S = 5;
  var PAGE_STEP_S = 30;
  var FOLLOW_PAUSE_MS = 4000; // after the reader scrolls the transcript, leave it alone this long
  var EPSILON_S = 0.05; // a jump to a start counts as being in that chapter or cue
  var ERROR_TEXT = "Sorry, the audio could not be loaded.";

  // --- helpers ---------------------------------------------------------------------------------

  // m:ss (h:mm:ss from an hour up): a position rounds down, a duration to the nearest second,
  // as the page's server-side duration does.
  function formatTime(seconds, nearest) {
    var value = isFinite(seconds) ? seconds : 0;
    var total = Math.max(0, nearest ? Math.round(value) : Math.floor(value));
    var hours = Math.floor(total / 3600);
    var minutes = Math.floor((total % 3600) / 60);
    var secs = total % 60;
    var ss = (secs < 10 ? "0" : "") + secs;
    if (hours) {
      return hours + ":" + (minutes < 10 ? "0" : "") + minutes + ":" + ss;
    }
    return minutes + ":" + ss;
  }

  function speedLabel(rate) {
    return String(rate) + "\u00d7";
  }

  function clamp(value, low, high) {
    return Math.min(high, Math.max(low, value));
  }

  function reducedMotion() {
    return !!(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
  }

  // The last item whose start is at or before t (items sorted by start), or -1.
  function indexAt(items, t) {
    var low = 0;
    var high = items.length - 1;
    var found = -1;
    while (low <= high) {
      var mid = (low + high) >> 1;
      if (items[mid].start <= t + EPSILON_S) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return found;
  }

  function isTextField(el) {
    if (!el || !el.tagName) {
      return false;
    }
    var tag = el.tagName.toLowerCase();
    if (tag === "textarea" || tag === "select" || el.isContentEditable) {
      return true;
    }
    return tag === "input" && el.type !== "range";
  }

  function isActivatable(el) {
    return !!(el && el.closest && el.closest("button, a[href], summary, [role='tab']"));
  }

  // --- WebVTT ----------------------------------------------------------------------------------

  var ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0", lrm: "\u200e", rlm: "\u200f" };

  function decodeEntities(text) {
    return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, function (all, name) {
      if (name.charAt(0) === "#") {
        var code = name.charAt(1).toLowerCase() === "x" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : all;
      }
      var key = name.toLowerCase();
      return Object.prototype.hasOwnProperty.call(ENTITIES, key) ? ENTITIES[key] : all;
    });
  }

  function parseTimestamp(text) {
    var m = /^(?:(\d+):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?$/.exec(text.trim());
    if (!m) {
      return null;
    }
    var fraction = m[4] ? parseInt((m[4] + "00").slice(0, 3), 10) / 1000 : 0;
    return (m[1] ? parseInt(m[1], 10) * 3600 : 0) + parseInt(m[2], 10) * 60 + parseInt(m[3], 10) + fraction;
  }

  // Cues as {start, end, text, speaker}: voice tags give the speaker, other tags are dropped.
  function parseVtt(source) {
    var cues = [];
    var blocks = source.replace(/^\ufeff/, "").replace(/\r\n?/g, "\n").split(/\n[ \t]*\n/);
    blocks.forEach(function (block) {
      var lines = block.split("\n");
      if (/^(WEBVTT|NOTE|STYLE|REGION)\b/.test(lines[0])) {
        return;
      }
      var i = 0;
      while (i < lines.length && lines[i].indexOf("-->") === -1) {
        i += 1;
      }
      if (i >= lines.length) {
        return;
      }
      var timing = lines[i].split("-->");
      var start = parseTimestamp(timing[0]);
      var end = parseTimestamp((timing[1] || "").trim().split(/\s+/)[0] || "");
      if (start === null || end === null) {
        return;
      }
      var raw = lines.slice(i + 1).join(" ");
      var voice = /<v(?:\.[^\s>]*)?\s+([^>]*)>/.exec(raw);
      var text = decodeEntities(raw.replace(/<[^>]*>/g, "")).replace(/\s+/g, " ").trim();
      if (text) {
        cues.push({ start: start, end: end, text: text, speaker: voice ? decodeEntities(voice[1]).trim() : "" });
      }
    });
    cues.sort(function (a, b) {
      return a.start - b.start;
    });
    return cues;
  }

  // --- copy buttons (the embed code, the feed URL) ------------------------------------------------

  function initCopyButtons() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-copy]"), function (button) {
      var target = document.getElementById(button.getAttribute("data-copy"));
      if (!target) {
        return;
      }
      var label = button.textContent;
      var timer = 0;
      target.addEventListener("focus", function () {
        target.select();
      });
      function done(ok) {
        button.textContent = ok ? "Copied" : "Press Ctrl+C to copy";
        window.clearTimeout(timer);
        timer = window.setTimeout(function () {
          button.textContent = label;
        }, 2000);
      }
      function fallback() {
        target.focus();
        target.select();
        var ok = false;
        try {
          ok = document.execCommand("copy");
        } catch (err) {
          ok = false;
        }
        done(ok);
      }
      button.addEventListener("click", function () {
        var text = target.value;
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(text).then(function () {
            done(true);
          }, fallback);
        } else {
          fallback();
        }
      });
    });
  }

  // --- the player -------------------------------------------------------------------------------

  function initPlayer(root) {
    var audio = root.querySelector("audio[data-player]");
    var controls = root.querySelector(".controls");
    if (!audio || !controls) {
      return;
    }
    var playButton = root.querySelector(".play");
    var speedButton = root.querySelector(".speed");
    var skipButtons = root.querySelectorAll("[data-skip]");
    var seekBar = root.querySelector(".seek-bar");
    var seekBox = root.querySelector(".seek");
    var ticks = root.querySelector(".ticks");
    var elapsedText = root.querySelector(".elapsed");
    var durationText = root.querySelector(".duration");
    var status = root.querySelector(".status");
    var statusText = root.querySelector(".status-text");
    var now = root.querySelector(".now");
    var errorBox = root.querySelector(".error");
    var errorText = root.querySelector(".error-text");
    var retryButton = root.querySelector(".retry");
    var transcriptPanel = root.querySelector(".transcript-panel");
    var transcriptList = root.querySelector(".transcript");

    var duration = parseFloat(root.getAttribute("data-duration")) || 0;
    var chapters = Array.prototype.map.call(root.querySelectorAll(".chapter[data-start]"), function (button) {
      return { start: parseFloat(button.getAttribute("data-start")) || 0, button: button, title: button.querySelector(".chapter-title") };
    });
    var cues = [];
    var currentChapter = -2;
    var currentCue = -2;
    var scrubbing = false;
    var userScrolledAt = 0;
    var ready = false;
    var failed = false;

    // The custom controls replace the native ones, which stay in the HTML for pages without JS.
    audio.removeAttribute("controls");
    audio.hidden = true;
    controls.hidden = false;

    // --- state: loading, ready, error ---

    function setStatus(text) {
      status.hidden = !text;
      if (text) {
        statusText.textContent = text;
      }
      now.hidden = !!text || !now.textContent;
    }

    function setReady() {
      if (ready || failed) {
        return;
      }
      ready = true;
      root.setAttribute("data-state", "ready");
      setStatus("");
      updateDuration();
    }

    function setDisabled(disabled) {
      [playButton, speedButton, seekBar].concat(Array.prototype.slice.call(skipButtons)).forEach(function (el) {
        el.disabled = disabled;
      });
    }

    function showError() {
      failed = true;
      ready = false;
      root.setAttribute("data-state", "error");
      root.classList.remove("is-playing");
      setStatus("");
      now.hidden = true;
      setDisabled(true);
      errorBox.hidden = false;
      errorText.textContent = ERROR_TEXT;
    }

    retryButton.addEventListener("click", function () {
      failed = false;
      errorBox.hidden = true;
      setDisabled(false);
      root.setAttribute("data-state", "loading");
      setStatus("Loading audio…");
      audio.load();
      playButton.focus();
    });

    // --- time, duration, progress ---

    function updateDuration() {
      if (isFinite(audio.duration) && audio.duration > 0) {
        duration = audio.duration;
      }
      durationText.textContent = formatTime(duration, true);
      seekBar.max = String(duration);
      drawTicks();
      update();
    }

    function drawTicks() {
      while (ticks.firstChild) {
        ticks.removeChild(ticks.firstChild);
      }
      if (!duration) {
        return;
      }
      chapters.forEach(function (chapter) {
        if (chapter.start > 0 && chapter.start < duration) {
          var tick = document.createElement("span");
          tick.className = "tick";
          tick.style.left = (chapter.start / duration) * 100 + "%";
          ticks.appendChild(tick);
        }
      });
    }

    function showPosition(t) {
      elapsedText.textContent = formatTime(t);
      var fraction = duration ? clamp(t / duration, 0, 1) : 0;
      seekBox.style.setProperty("--progress", (fraction * 100).toFixed(3) + "%");
      seekBar.style.setProperty("--progress", (fraction * 100).toFixed(3) + "%");
      seekBar.setAttribute("aria-valuetext", formatTime(t) + " of " + formatTime(duration, true));
    }

    function update() {
      var t = audio.currentTime || 0;
      if (!scrubbing) {
        seekBar.value = String(t);
        showPosition(t);
      }
      markChapter(indexAt(chapters, t));
      markCue(indexAt(cues, t));
    }

    function seek(t) {
      if (failed) {
        return;
      }
      audio.currentTime = clamp(t, 0, duration || Number.MAX_VALUE);
      update();
    }

    function skip(delta) {
      seek((audio.currentTime || 0) + delta);
    }

    function play() {
      if (failed) {
        return;
      }
      var playing = audio.play();
      if (playing && typeof playing.catch === "function") {
        playing.catch(function () {
          // Refused (no user gesture yet) or interrupted by a pause: the buttons show the state.
        });
      }
    }

    function toggle() {
      if (audio.paused || audio.ended) {
        play();
      } else {
        audio.pause();
      }
    }

    // --- chapters ---

    function markChapter(index) {
      if (index === currentChapter) {
        return;
      }
      currentChapter = index;
      chapters.forEach(function (chapter, i) {
        if (i === index) {
          chapter.button.setAttribute("aria-current", "true");
        } else {
          chapter.button.removeAttribute("aria-current");
        }
      });
      while (now.firstChild) {
        now.removeChild(now.firstChild);
      }
      if (index >= 0) {
        now.appendChild(document.createTextNode("Chapter " + (index + 1) + " of " + chapters.length + " · "));
        var name = document.createElement("strong");
        name.textContent = chapters[index].title ? chapters[index].title.textContent : "";
        now.appendChild(name);
      }
      now.hidden = !status.hidden || !now.textContent;
    }

    function jumpToChapter(delta) {
      var t = audio.currentTime || 0;
      var index = indexAt(chapters, t);
      if (delta < 0 && index >= 0 && t - chapters[index].start > 3) {
        seek(chapters[index].start);
        return;
      }
      var next = clamp(index + delta, 0, chapters.length - 1);
      if (chapters[next]) {
        seek(chapters[next].start);
      }
    }

    chapters.forEach(function (chapter) {
      chapter.button.addEventListener("click", function () {
        userScrolledAt = 0;
        seek(chapter.start);
        play();
      });
    });

    // --- transcript ---

    function panelVisible(panel) {
      return !!panel && !panel.hidden && panel.offsetParent !== null;
    }

    // Scroll the panel (never the page) so the row sits a third of the way down.
    function revealInPanel(panel, row, smooth) {
      if (!panelVisible(panel)) {
        return;
      }
      var target = clamp(row.offsetTop - panel.clientHeight / 3, 0, Math.max(0, panel.scrollHeight - panel.clientHeight));
      if (Math.abs(panel.scrollTop - target) < 2) {
        return;
      }
      if (typeof panel.scrollTo === "function") {
        panel.scrollTo({ top: target, behavior: smooth && !reducedMotion() ? "smooth" : "auto" });
      } else {
        panel.scrollTop = target;
      }
    }

    function setRoving(index) {
      cues.forEach(function (cue, i) {
        cue.button.tabIndex = i === index ? 0 : -1;
      });
    }

    function markCue(index) {
      if (index === currentCue || !cues.length) {
        return;
      }
      var previous = cues[currentCue];
      if (previous) {
        previous.button.classList.remove("is-current");
        previous.button.removeAttribute("aria-current");
      }
      currentCue = index;
      var cue = cues[index];
      if (!cue) {
        return;
      }
      cue.button.classList.add("is-current");
      cue.button.setAttribute("aria-current", "true");
      if (!transcriptList.contains(document.activeElement)) {
        setRoving(index);
      }
      if (Date.now() - userScrolledAt > FOLLOW_PAUSE_MS) {
        revealInPanel(transcriptPanel, cue.button, true);
      }
    }

    function renderTranscript(parsed) {
      var previousSpeaker = "";
      var items = document.createDocumentFragment();
      cues = parsed.map(function (cue) {
        var item = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "cue";
        button.tabIndex = -1;
        var time = document.createElement("span");
        time.className = "cue-time";
        time.textContent = formatTime(cue.start);
        var text = document.createElement("span");
        text.className = "cue-text";
        if (cue.speaker && cue.speaker !== previousSpeaker) {
          var speaker = document.createElement("span");
          speaker.className = "cue-speaker";
          speaker.textContent = cue.speaker;
          text.appendChild(speaker);
        }
        previousSpeaker = cue.speaker;
        text.appendChild(document.createTextNode(cue.text));
        button.appendChild(time);
        button.appendChild(text);
        item.appendChild(button);
        items.appendChild(item);
        var entry = { start: cue.start, end: cue.end, text: cue.text, button: button };
        button.addEventListener("click", function () {
          userScrolledAt = 0;
          seek(entry.start);
          play();
        });
        return entry;
      });
      transcriptList.appendChild(items);
      transcriptList.hidden = false;
      setRoving(0);
      currentCue = -2;
      update();
    }

    function loadTranscript() {
      var url = root.getAttribute("data-transcript");
      if (!url || !transcriptPanel || !transcriptList) {
        return;
      }
      var note = transcriptPanel.querySelector(".panel-note");
      var link = note ? note.querySelector("a") : null;
      var setNote = function (text, withLink) {
        if (!note) {
          return;
        }
        while (note.firstChild) {
          note.removeChild(note.firstChild);
        }
        note.appendChild(document.createTextNode(text));
        if (withLink && link) {
          note.appendChild(document.createTextNode(" "));
          note.appendChild(link);
        }
        note.hidden = !text;
      };
      setNote("Loading transcript…", false);
      fetch(url, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("HTTP " + response.status);
          }
          return response.text();
        })
        .then(function (text) {
          var parsed = parseVtt(text);
          if (!parsed.length) {
            setNote("This episode has no transcript text.", false);
            return;
          }
          setNote("", false);
          renderTranscript(parsed);
        })
        .catch(function () {
          setNote("The transcript could not be loaded.", true);
        });
    }

    if (transcriptPanel) {
      ["wheel", "touchmove", "pointerdown"].forEach(function (name) {
        transcriptPanel.addEventListener(name, function () {
          userScrolledAt = Date.now();
        }, { passive: true });
      });
    }

    if (transcriptList) {
      // One tab stop for the whole transcript; arrows move between sentences.
      transcriptList.addEventListener("keydown", function (event) {
        var index = cues.findIndex(function (cue) {
          return cue.button === document.activeElement;
        });
        if (index < 0) {
          return;
        }
        var next = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: cues.length - 1 }[event.key];
        if (next === undefined) {
          return;
        }
        event.preventDefault();
        event.stopPropagation();
        next = clamp(next, 0, cues.length - 1);
        setRoving(next);
        userScrolledAt = Date.now();
        cues[next].button.focus({ preventScroll: true });
        revealInPanel(transcriptPanel, cues[next].button, false);
      });
    }

    window.addEventListener("resize", function () {
      if (cues[currentCue] && Date.now() - userScrolledAt > FOLLOW_PAUSE_MS) {
        revealInPanel(transcriptPanel, cues[currentCue].button, false);
      }
    });

    // --- tabs: transcript / chapters ---

    var tabs = Array.prototype.slice.call(root.querySelectorAll("[role='tab']"));
    function selectTab(selected, focus) {
      tabs.forEach(function (tab) {
        var on = tab === selected;
        var panel = document.getElementById(tab.getAttribute("aria-controls"));
        tab.setAttribute("aria-selected", on ? "true" : "false");
        tab.tabIndex = on ? 0 : -1;
        if (panel) {
          panel.hidden = !on;
        }
      });
      if (focus) {
        selected.focus();
      }
      var panel = document.getElementById(selected.getAttribute("aria-controls"));
      if (panel === transcriptPanel && cues[currentCue]) {
        revealInPanel(transcriptPanel, cues[currentCue].button, false);
      } else if (panel && chapters[currentChapter]) {
        revealInPanel(panel, chapters[currentChapter].button, false);
      }
    }
    if (tabs.length > 1) {
      tabs[0].parentNode.hidden = false;
      tabs.forEach(function (tab, i) {
        var panel = document.getElementById(tab.getAttribute("aria-controls"));
        if (panel) {
          panel.setAttribute("role", "tabpanel");
          panel.setAttribute("aria-labelledby", tab.id);
        }
        tab.addEventListener("click", function () {
          selectTab(tab, false);
        });
        tab.addEventListener("keydown", function (event) {
          var next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[event.key];
          if (next === undefined) {
            return;
          }
          event.preventDefault();
          event.stopPropagation();
          selectTab(tabs[(next + tabs.length) % tabs.length], true);
        });
      });
      selectTab(tabs.filter(function (tab) {
        return tab.getAttribute("aria-selected") === "true";
      })[0] || tabs[0], false);
    }

    // --- controls ---

    playButton.addEventListener("click", toggle);
    Array.prototype.forEach.call(skipButtons, function (button) {
      button.addEventListener("click", function () {
        skip(parseFloat(button.getAttribute("data-skip")) || 0);
      });
    });

    function showSpeed() {
      var label = speedLabel(audio.playbackRate);
      speedButton.textContent = label;
      speedButton.setAttribute("aria-label", "Playback speed: " + label);
    }
    speedButton.addEventListener("click", function () {
      var index = SPEEDS.indexOf(audio.playbackRate);
      var rate = SPEEDS[(index + 1) % SPEEDS.length];
      audio.defaultPlaybackRate = rate;
      audio.playbackRate = rate;
      showSpeed();
    });

    seekBar.addEventListener("pointerdown", function () {
      scrubbing = true;
    });
    seekBar.addEventListener("input", function () {
      scrubbing = true;
      showPosition(parseFloat(seekBar.value) || 0);
    });
    seekBar.addEventListener("change", function () {
      scrubbing = false;
      seek(parseFloat(seekBar.value) || 0);
    });
    seekBar.addEventListener("pointerup", function () {
      scrubbing = false;
    });
    seekBar.addEventListener("keydown", function (event) {
      var t = audio.currentTime || 0;
      var target = {
        ArrowLeft: t - ARROW_STEP_S,
        ArrowDown: t - ARROW_STEP_S,
        ArrowRight: t + ARROW_STEP_S,
        ArrowUp: t + ARROW_STEP_S,
        PageDown: t - PAGE_STEP_S,
        PageUp: t + PAGE_STEP_S,
        Home: 0,
        End: duration
      }[event.key];
      if (target === undefined) {
        return;
      }
      event.preventDefault();
      event.stopPropagation();
      scrubbing = false;
      seek(target);
    });

    // Space and K play or pause, J and L skip, Left and Right arrows seek 5 s, wherever focus is
    // in the player (text fields excepted; Space still presses a focused button; the seek bar, the
    // tabs and the transcript handle their own arrows first and mark the event handled).
    document.addEventListener("keydown", function (event) {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || failed) {
        return;
      }
      var target = event.target;
      if (isTextField(target)) {
        return;
      }
      var key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
      if (key === "k" || (key === " " && !isActivatable(target))) {
        event.preventDefault();
        toggle();
      } else if (key === "j") {
        event.preventDefault();
        skip(-BACK_S);
      } else if (key === "l") {
        event.preventDefault();
        skip(FORWARD_S);
      } else if (key === "ArrowLeft" || key === "ArrowRight") {
        event.preventDefault();
        skip(key === "ArrowLeft" ? -ARROW_STEP_S : ARROW_STEP_S);
      }
    });

    // --- media events ---

    audio.addEventListener("loadedmetadata", setReady);
    audio.addEventListener("canplay", setReady);
    audio.addEventListener("durationchange", updateDuration);
    audio.addEventListener("timeupdate", update);
    audio.addEventListener("seeked", update);
    audio.addEventListener("ratechange", showSpeed);
    audio.addEventListener("error", showError);
    // With <source> children (the Opus rendition, then the MP3) the browser picks the first it
    // can play (canPlayType) and moves on when one fails; only the last one's failure is final,
    // and it is reported on that <source>, not on the audio element.
    var sources = audio.querySelectorAll("source");
    if (sources.length) {
      sources[sources.length - 1].addEventListener("error", showError);
    }
    audio.addEventListener("play", function () {
      root.classList.add("is-playing");
      playButton.setAttribute("aria-label", "Pause");
      setMediaState("playing");
    });
    audio.addEventListener("pause", function () {
      root.classList.remove("is-playing");
      playButton.setAttribute("aria-label", "Play");
      setMediaState("paused");
    });
    audio.addEventListener("waiting", function () {
      if (ready && !audio.paused) {
        setStatus("Buffering…");
      }
    });
    audio.addEventListener("playing", function () {
      if (ready) {
        setStatus("");
      }
    });
    ["loadedmetadata", "ratechange", "seeked", "play", "pause"].forEach(function (name) {
      audio.addEventListener(name, setPositionState);
    });

    // --- Media Session: lock screen, headset keys, the browser's media hub ---

    var session = "mediaSession" in navigator ? navigator.mediaSession : null;

    function setMediaState(state) {
      if (session) {
        try {
          session.playbackState = state;
        } catch (err) {
          // read-only in some browsers
        }
      }
    }

    function setPositionState() {
      if (!session || typeof session.setPositionState !== "function" || !duration) {
        return;
      }
      try {
        session.setPositionState({
          duration: duration,
          playbackRate: audio.playbackRate || 1,
          position: clamp(audio.currentTime || 0, 0, duration)
        });
      } catch (err) {
        // an out-of-range position while the duration settles: the next event fixes it
      }
    }

    if (session) {
      try {
        var art = root.getAttribute("data-artwork");
        session.metadata = new window.MediaMetadata({
          title: root.getAttribute("data-title") || document.title,
          artist: root.getAttribute("data-show") || "",
          album: root.getAttribute("data-author") || "",
          artwork: art ? [{ src: new URL(art, document.baseURI).href, type: "image/png" }] : []
        });
      } catch (err) {
        // no MediaMetadata here
      }
      var handlers = {
        play: play,
        pause: function () {
          audio.pause();
        },
        seekbackward: function (details) {
          skip(-((details && details.seekOffset) || BACK_S));
        },
        seekforward: function (details) {
          skip((details && details.seekOffset) || FORWARD_S);
        },
        seekto: function (details) {
          if (details && isFinite(details.seekTime)) {
            seek(details.seekTime);
          }
        },
        previoustrack: chapters.length ? function () {
          jumpToChapter(-1);
        } : null,
        nexttrack: chapters.length ? function () {
          jumpToChapter(1);
        } : null
      };
      Object.keys(handlers).forEach(function (action) {
        try {
          session.setActionHandler(action, handlers[action]);
        } catch (err) {
          // this browser does not know the action
        }
      });
    }

    // --- start ---

    showSpeed();
    updateDuration();
    // A failure may come before this script runs: with <source> children it leaves no
    // audio.error, only a network state that says no source is left to try.
    if (audio.error || (sources.length && audio.networkState === audio.NETWORK_NO_SOURCE)) {
      showError();
    } else if (audio.readyState >= 1) {
      setReady();
    } else {
      setStatus("Loading audio…");
    }
    loadTranscript();
  }

  function init() {
    initCopyButtons();
    try {
      if (window.top === window.self) {
        document.documentElement.classList.add("standalone");
      }
    } catch (err) {
      // a cross-origin parent: framed
    }
    var root = document.querySelector(".recap-player");
    if (root) {
      initPlayer(root);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
