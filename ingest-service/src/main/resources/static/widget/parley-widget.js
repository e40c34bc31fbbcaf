/*
 * Parley's chat widget: one script tag, plain JavaScript, no dependency, no build step.
 *
 *   <script src="https://parley.example/widget/parley-widget.js"
 *           data-endpoint="https://parley.example/parley-demo/3/web"
 *           data-push="https://push.parley.example/push/parley-demo/3"
 *           data-title="Parley"></script>
 *
 * It speaks the TALKR web dialect (README, "The TALKR API"). Answers computed in the background
 * (has_background_text = 1) are shown as a waiting message, then the final answer: from the
 * session's push stream when data-push is given, otherwise (or when the stream is silent) by
 * sending the last turn again, which Parley answers with the final answer once it is in.
 * Bot and user text only ever reaches the page through textContent.
 */
(function () {
  'use strict';

  var script = document.currentScript || document.querySelector('script[data-endpoint]');
  var endpoint = script && script.dataset.endpoint;
  if (!endpoint) {
    console.error('parley-widget: the script tag needs a data-endpoint attribute');
    return;
  }
  var pushBase = (script.dataset.push || '').replace(/\/+$/, '');
  var title = script.dataset.title || 'Chat';

  var POLL_AFTER_MS = 4000; // with a stream, poll only if it stays silent this long
  var POLL_EVERY_MS = 1500;
  var GIVE_UP_MS = 45000;
  var MIN_WAIT_MS = 700; // the FAQ's "slight delay": a fast answer must not hide the waiting message

  var session = null;
  var tracking = null;
  var lastTurn = null;
  var stream = null;
  var waiting = null; // {bubbles, since, deadline, timer} while a background answer is due
  var shownByPoll = []; // answers a poll showed: the same answer pushed later is not shown twice
  var display = Promise.resolve(); // keeps what is shown in arrival order across delays
  var conversation = 0; // a start over drops what the previous conversation still had to show

  // ---- the panel ---------------------------------------------------------------------------

  var uid = 'parley-' + Math.random().toString(36).slice(2, 8);
  var root = el('section', 'parley-widget');
  root.setAttribute('aria-label', 'Chat: ' + title);
  var header = el('header', 'parley-header');
  var heading = el('h2', 'parley-title', title);
  var toggle = el('button', 'parley-toggle', '\u2212');
  toggle.type = 'button';
  toggle.setAttribute('aria-expanded', 'true');
  toggle.setAttribute('aria-controls', uid + '-body');
  toggle.setAttribute('aria-label', 'Hide the chat');
  header.append(heading, toggle);

  var body = el('div', 'parley-body');
  body.id = uid + '-body';
  var list = el('ol', 'parley-messages');
  list.setAttribute('role', 'log');
  list.setAttribute('aria-live', 'polite');
  list.setAttribute('aria-label', 'Conversation');

  var form = el('form', 'parley-form');
  var label = el('label', 'parley-sr-only', 'Your message');
  label.htmlFor = uid + '-input';
  var input = el('input', 'parley-input');
  input.id = uid + '-input';
  input.type = 'text';
  input.autocomplete = 'off';
  input.placeholder = 'Type your message\u2026';
  var sendButton = el('button', 'parley-send', 'Send');
  sendButton.type = 'submit';
  form.append(label, input, sendButton);
  body.append(list, form);
  root.append(header, body);

  toggle.addEventListener('click', function () {
    var open = body.hidden;
    body.hidden = !open;
    toggle.textContent = open ? '\u2212' : '+';
    toggle.setAttribute('aria-expanded', String(open));
    toggle.setAttribute('aria-label', open ? 'Hide the chat' : 'Show the chat');
  });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (text && !sendButton.disabled) {
      input.value = '';
      send(text, text);
    }
  });

  function el(tag, className, text) {
    var node = document.createElement(tag);
    node.className = className;
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function add(node) {
    list.appendChild(node);
    list.scrollTop = list.scrollHeight;
    return node;
  }

  function bubble(who, text, extraClass) {
    return add(el('li', 'parley-msg parley-' + who + (extraClass ? ' ' + extraClass : ''), text));
  }

  // Not aria-busy: a screen reader would then hold back the waiting message itself.
  function setBusy(busy) {
    sendButton.disabled = busy;
  }

  function later(ms, show) {
    var current = conversation;
    display = display.then(function () {
      return new Promise(function (resolve) { setTimeout(resolve, ms); });
    }).then(function () {
      if (current === conversation) {
        show();
      }
    });
  }

  // ---- what the bot says ---------------------------------------------------------------------

  function showMessages(messages, extraClass) {
    var bubbles = [];
    (messages || []).forEach(function (message) {
      if (message.content) {
        bubbles.push(bubble('bot', message.content, extraClass));
      }
      if (message.buttons && message.buttons.length) {
        showButtons(message.buttons);
      }
    });
    return bubbles;
  }

  function showButtons(buttons) {
    var row = add(el('li', 'parley-buttons'));
    buttons.forEach(function (button) {
      if (button.url) {
        // Only web links: a bot must not be able to put a javascript: URL under the user's click.
        var href = safeUrl(button.url);
        if (href) {
          var link = el('a', 'parley-button parley-link', button.title || href);
          link.href = href;
          link.target = '_blank';
          link.rel = 'noopener noreferrer';
          row.appendChild(link);
        }
        return;
      }
      var choice = el('button', 'parley-button', button.title || button.payload);
      choice.type = 'button';
      choice.addEventListener('click', function () {
        if (!sendButton.disabled) {
          send(button.payload || button.title, button.title || button.payload);
        }
      });
      row.appendChild(choice);
    });
  }

  function safeUrl(url) {
    try {
      var parsed = new URL(url, document.baseURI);
      return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  function showError(text, action, actionLabel) {
    var line = add(el('li', 'parley-error', text));
    line.setAttribute('role', 'alert');
    if (action) {
      var button = el('button', 'parley-button', actionLabel);
      button.type = 'button';
      button.addEventListener('click', function () {
        button.disabled = true;
        action();
      });
      line.appendChild(document.createTextNode(' '));
      line.appendChild(button);
    }
    setBusy(false);
  }

  // ---- talking to Parley -----------------------------------------------------------------------

  function post(payload) {
    return fetch(endpoint, {
      method: 'POST',
      headers: {'Content-Type': 'application/json', 'X-Talkr-Query': '1'},
      body: JSON.stringify(payload)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (json) {
        return {status: response.status, json: json};
      });
    });
  }

  function start() {
    conversation++;
    stopWaiting();
    if (stream) {
      stream.close();
      stream = null;
    }
    session = tracking = lastTurn = null;
    shownByPoll = [];
    setBusy(true);
    post({}).then(function (answer) {
      if (answer.status !== 200) {
        failed(answer, start);
        return;
      }
      session = answer.json.session;
      answered(answer.json);
      openStream();
    }, function () {
      showError('Parley cannot be reached right now.', start, 'Try again');
    });
  }

  function send(text, shownAs) {
    if (!session) {
      return;
    }
    // Buttons answer the question they came with; once the user answered, they are spent.
    list.querySelectorAll('.parley-buttons button').forEach(function (b) { b.disabled = true; });
    bubble('user', shownAs);
    lastTurn = {message: text, session: session, tracking: tracking, variables: {userresponse: text}};
    turn(lastTurn);
  }

  function turn(payload) {
    setBusy(true);
    post(payload).then(function (answer) {
      if (answer.status === 200) {
        answered(answer.json);
      } else {
        failed(answer, function () { turn(payload); });
      }
    }, function () {
      // Sending the same turn again is safe: Parley answers a repeat with the answer it gave.
      showError('The message could not be sent.', function () { turn(payload); }, 'Try again');
    });
  }

  function answered(json) {
    var data = json.data || {};
    var response = data.responses && data.responses[0];
    tracking = (response && response.tracking) || data.object_id || tracking;
    if (data.has_background_text === 1) {
      waitFor(showMessages(data.messages, 'parley-waiting'));
      return;
    }
    var messages = data.messages && data.messages.length ? data.messages
        : [{type: 'text', content: json.variables && json.variables.bot_answer}];
    showMessages(messages);
    setBusy(false);
  }

  function failed(answer, retry) {
    var error = answer.json && answer.json.variables && answer.json.variables.error;
    if (answer.status === 400 && /start a new conversation/i.test(error || '')) {
      showError('This conversation has ended or expired.', function () {
        list.textContent = '';
        start();
      }, 'Start over');
    } else if (answer.status >= 500) {
      showError('Parley could not answer just now.', retry, 'Try again');
    } else {
      showError(error || 'Parley answered with an error (' + answer.status + ').');
    }
  }

  // ---- answers that come later ---------------------------------------------------------------

  function waitFor(bubbles) {
    waiting = {bubbles: bubbles, since: Date.now(), deadline: Date.now() + GIVE_UP_MS, timer: null};
    schedulePoll(stream ? POLL_AFTER_MS : POLL_EVERY_MS);
  }

  function schedulePoll(ms) {
    var wait = waiting;
    wait.timer = setTimeout(function () { poll(wait); }, ms);
  }

  function poll(wait) {
    if (waiting !== wait) {
      return;
    }
    post(lastTurn).then(function (answer) {
      if (waiting !== wait) {
        return; // the push was faster
      }
      var data = answer.json.data || {};
      if (answer.status === 200 && data.has_background_text !== 1) {
        // object_id is the block the answer came from: the push event's tracking.
        shownByPoll.push(key(data.object_id, data.messages));
        finish(data.messages, data.responses && data.responses[0] && data.responses[0].tracking);
      } else if (answer.status >= 400 && answer.status < 500) {
        stopWaiting();
        failed(answer);
      } else if (Date.now() > wait.deadline) {
        stopWaiting();
        showError('No answer came. Please ask again.');
      } else {
        schedulePoll(POLL_EVERY_MS);
      }
    }, function () {
      if (waiting === wait) {
        schedulePoll(POLL_EVERY_MS);
      }
    });
  }

  function finish(messages, newTracking) {
    var wait = waiting;
    stopWaiting();
    tracking = newTracking || tracking;
    later(Math.max(0, MIN_WAIT_MS - (Date.now() - wait.since)), function () {
      wait.bubbles.forEach(function (b) { b.classList.replace('parley-waiting', 'parley-interim'); });
      showMessages(messages);
      setBusy(false);
    });
  }

  function stopWaiting() {
    if (waiting) {
      clearTimeout(waiting.timer);
      waiting = null;
    }
  }

  function key(trackingOf, messages) {
    return trackingOf + '\n' + (messages || []).map(function (m) { return m.content; }).join('\n');
  }

  function openStream() {
    if (!pushBase || !session || typeof EventSource === 'undefined') {
      return;
    }
    // EventSource reconnects by itself and sends Last-Event-ID: the server resumes after it.
    stream = new EventSource(pushBase + '/' + encodeURIComponent(session));
    stream.addEventListener('reply', function (event) {
      pushed(JSON.parse(event.data));
    });
    stream.addEventListener('error', function () {
      if (stream && stream.readyState === EventSource.CLOSED) {
        stream = null; // refused (unknown session...): polling takes over
      }
    });
  }

  function pushed(event) {
    if (event.sync || event.session !== session) {
      return; // the HTTP answer already showed it
    }
    var seen = shownByPoll.indexOf(key(event.tracking, event.messages));
    if (seen >= 0) {
      shownByPoll.splice(seen, 1);
      return;
    }
    if (waiting) {
      finish(event.messages, event.tracking);
    } else {
      tracking = event.tracking || tracking;
      later(0, function () { showMessages(event.messages); });
    }
  }

  // ---- looks -----------------------------------------------------------------------------------

  var style = document.createElement('style');
  style.textContent = [
    '.parley-widget{position:fixed;right:20px;bottom:20px;width:340px;max-width:calc(100vw - 40px);',
    'font:15px/1.4 system-ui,sans-serif;color:#1d2330;background:#fff;border-radius:12px;',
    'box-shadow:0 6px 24px rgba(0,0,0,.18);overflow:hidden;z-index:2147483000}',
    '.parley-header{display:flex;align-items:center;justify-content:space-between;padding:10px 14px;background:#2f4fd8;color:#fff}',
    '.parley-title{margin:0;font-size:16px}',
    '.parley-toggle{background:none;border:0;color:#fff;font-size:20px;cursor:pointer;line-height:1}',
    '.parley-messages{list-style:none;margin:0;padding:12px;height:360px;overflow-y:auto;display:flex;flex-direction:column;gap:8px;background:#f5f6fa}',
    '.parley-msg{max-width:80%;padding:8px 12px;border-radius:14px;white-space:pre-wrap;overflow-wrap:anywhere}',
    '.parley-bot{align-self:flex-start;background:#fff;border:1px solid #dde1ec}',
    '.parley-user{align-self:flex-end;background:#2f4fd8;color:#fff}',
    '.parley-waiting,.parley-interim{font-style:italic;color:#5b6275}',
    '.parley-waiting{animation:parley-pulse 1.4s ease-in-out infinite}',
    '@keyframes parley-pulse{50%{opacity:.45}}',
    '.parley-buttons{display:flex;flex-wrap:wrap;gap:6px}',
    '.parley-button{font:inherit;font-size:14px;padding:5px 12px;border:1px solid #2f4fd8;border-radius:16px;background:#fff;',
    'color:#2f4fd8;cursor:pointer;text-decoration:none}',
    '.parley-button:disabled{opacity:.5;cursor:default}',
    '.parley-error{align-self:stretch;padding:8px 12px;border-radius:8px;background:#fdecec;color:#8a1c1c}',
    '.parley-form{display:flex;gap:6px;padding:10px;border-top:1px solid #dde1ec}',
    '.parley-input{flex:1;font:inherit;padding:7px 10px;border:1px solid #c5cad8;border-radius:8px}',
    '.parley-send{font:inherit;padding:7px 14px;border:0;border-radius:8px;background:#2f4fd8;color:#fff;cursor:pointer}',
    '.parley-send:disabled{opacity:.6;cursor:default}',
    '.parley-sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}'
  ].join('');

  function mount() {
    document.head.appendChild(style);
    document.body.appendChild(root);
    start();
  }

  if (document.body) {
    mount();
  } else {
    document.addEventListener('DOMContentLoaded', mount);
  }
})();
