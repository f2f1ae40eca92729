#!/usr/bin/env python3
"""careerpath serve's page in a real browser, used as a person would.

Headless Chromium is driven through the DevTools protocol over a pipe
(--remote-debugging-pipe: JSON commands separated by NUL bytes on file
descriptor 3, replies and events on 4), standard library only. One browser
session: on the bundled graph the pickers are reached with Tab, typed into,
a completion is taken with the arrow keys and Enter, "Quickest" is chosen
with the arrow keys and Enter submits; the route table must hold the
hand-worked answer (graphs/medical-assistant/ROUTES.md: Medical Assistant ->
Registered Nurse, quickest: 24 months, $12,300, pay $44,200 -> $93,600) and
the picture the route's titles. Then why there is no route, typed the same
way; Tab reaching every control in order; the page at phone width; limits,
reach and a bad role from the address; graphs/onet, which has no cost_usd,
offering only what it has; titles holding markup shown as text.

Writes serve-page.png (960x1080 at 0.85: 816x918) and serve-phone.png (390x844) into WORK_DIR:
the pictures in docs/ are these. Exit 77 (skipped) when Chromium is not
installed (tools/setup --browser installs it).

    browser.py PROGRAM SOURCE_DIR WORK_DIR
"""
import base64
import fcntl
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import time

TIMEOUT_S = 30


class Failed(Exception):
    pass


class Browser:
    """Chromium with the DevTools protocol on a pipe."""

    def __init__(self, binary, work):
        to_browser_r, self.to_browser = os.pipe()
        self.from_browser, from_browser_w = os.pipe()
        log = os.open(os.path.join(work, 'chromium.log'),
                      os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        argv = [binary, '--headless', '--remote-debugging-pipe',
                '--no-sandbox', '--disable-gpu', '--no-first-run',
                '--disable-extensions', '--hide-scrollbars',
                '--user-data-dir=' + os.path.join(work, 'profile'),
                'about:blank']
        env = dict(os.environ, HOME=os.path.join(work, 'home'))
        self.pid = os.fork()
        if self.pid == 0:
            try:
                # the pipe's ends go to 3 and 4, by way of free numbers
                # above them so that neither overwrites the other
                ends = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10)
                        for fd in (to_browser_r, from_browser_w)]
                os.dup2(ends[0], 3)
                os.dup2(ends[1], 4)
                os.dup2(log, 1)
                os.dup2(log, 2)
                os.closerange(5, 1024)
                os.execve(binary, argv, env)
            finally:
                os._exit(127)
        os.close(to_browser_r)
        os.close(from_browser_w)
        os.close(log)
        self.pending = b''
        self.last_id = 0
        self.session = None

    def _messages(self, timeout):
        ready, _, _ = select.select([self.from_browser], [], [], timeout)
        if not ready:
            return []
        chunk = os.read(self.from_browser, 1 << 20)
        if not chunk:
            raise Failed('Chromium closed its pipe (see chromium.log)')
        self.pending += chunk
        *whole, self.pending = self.pending.split(b'\0')
        return [json.loads(m) for m in whole]

    def call(self, method, params=None, session=True):
        self.last_id += 1
        message = {'id': self.last_id, 'method': method,
                   'params': params or {}}
        if session and self.session:
            message['sessionId'] = self.session
        os.write(self.to_browser, json.dumps(message).encode() + b'\0')
        end = time.monotonic() + TIMEOUT_S
        while time.monotonic() < end:
            for reply in self._messages(end - time.monotonic()):
                if reply.get('id') != self.last_id:
                    continue  # an event: the page is watched by polling
                if 'error' in reply:
                    raise Failed('%s: %s' % (method, reply['error']))
                return reply['result']
        raise Failed('%s: no reply in %d s' % (method, TIMEOUT_S))

    def open_tab(self):
        target = self.call('Target.createTarget', {'url': 'about:blank'},
                           session=False)['targetId']
        self.session = self.call('Target.attachToTarget',
                                 {'targetId': target, 'flatten': True},
                                 session=False)['sessionId']
        self.call('Page.enable')

    def close(self):
        try:
            self.call('Browser.close', session=False)
        except (Failed, OSError):
            pass
        for _ in range(50):
            if os.waitpid(self.pid, os.WNOHANG)[0]:
                return
            time.sleep(0.1)
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)

    # -- the page --------------------------------------------------------

    def js(self, expression):
        result = self.call('Runtime.evaluate', {
            'expression': expression, 'returnByValue': True,
            'awaitPromise': True})
        if 'exceptionDetails' in result:
            raise Failed('%s: %s' % (expression,
                                     result['exceptionDetails']['text']))
        return result['result'].get('value')

    def wait_for(self, expression, what):
        end = time.monotonic() + TIMEOUT_S
        while time.monotonic() < end:
            try:
                if self.js(expression):
                    return
            except Failed:
                pass  # the page is between documents
            time.sleep(0.05)
        raise Failed('waited %d s for %s' % (TIMEOUT_S, what))

    def wait_ready(self):
        """Until a new document's script has shown its answer."""
        self.wait_for('!window.seenBefore && document.body && '
                      'document.body.dataset.ready === "1"',
                      'the page to be ready')
        self.js('window.seenBefore = true')

    def goto(self, url):
        self.js('window.seenBefore = true')
        self.call('Page.navigate', {'url': url})
        self.wait_ready()

    def size(self, width, height, mobile=False):
        self.call('Emulation.setDeviceMetricsOverride', {
            'width': width, 'height': height, 'deviceScaleFactor': 1,
            'mobile': mobile})

    def key(self, key, times=1):
        """Presses a key as a keyboard does: down (with its text), up."""
        codes = {'Tab': 9, 'Enter': 13, 'Escape': 27, 'ArrowUp': 38,
                 'ArrowDown': 40, ' ': 32}
        text = {'Enter': '\r', ' ': ' '}.get(key)
        for _ in range(times):
            down = {'type': 'keyDown' if text else 'rawKeyDown',
                    'key': key, 'code': 'Space' if key == ' ' else key,
                    'windowsVirtualKeyCode': codes[key]}
            if text:
                down['text'] = down['unmodifiedText'] = text
            self.call('Input.dispatchKeyEvent', down)
            self.call('Input.dispatchKeyEvent',
                      {'type': 'keyUp', 'key': key, 'code': down['code'],
                       'windowsVirtualKeyCode': codes[key]})

    def type(self, text):
        self.call('Input.insertText', {'text': text})

    def focused(self):
        return self.js('document.activeElement.id || '
                       'document.activeElement.tagName.toLowerCase()')

    def screenshot(self, path, scale=1):
        """The viewport, scaled: a smaller picture, and file."""
        view = self.js('[innerWidth, innerHeight]')
        data = self.call('Page.captureScreenshot', {
            'format': 'png', 'clip': {'x': 0, 'y': 0, 'width': view[0],
                                      'height': view[1], 'scale': scale}
        })['data']
        with open(path, 'wb') as f:
            f.write(base64.b64decode(data))


class Check:
    def __init__(self):
        self.failures = 0

    def equal(self, got, want, what):
        if got != want:
            print('FAIL: %s: got %r, not %r' % (what, got, want))
            self.failures += 1

    def true(self, value, what):
        if not value:
            print('FAIL: ' + what)
            self.failures += 1


def start_server(program, graphs, log_path):
    log = open(log_path, 'w')
    server = subprocess.Popen([program] + [word for graph in graphs
                                           for word in ('--graph', graph)] +
                              ['serve', '--listen', '127.0.0.1:0'],
                              stderr=log, stdout=subprocess.DEVNULL)
    log.close()
    for _ in range(100):
        with open(log_path) as f:
            found = re.search(r'http://127\.0\.0\.1:(\d+)/', f.read())
        if found:
            return server, 'http://127.0.0.1:%s' % found.group(1)
        if server.poll() is not None:
            break
        time.sleep(0.1)
    with open(log_path) as f:
        raise Failed('the server did not start: ' + f.read())


def rgba(text):
    """'rgb(1, 2, 3)' or 'rgba(1, 2, 3, 0.5)' as (r, g, b, alpha)."""
    parts = [float(n) for n in re.findall(r'[\d.]+', text)]
    return tuple(parts[:3]) + ((parts[3] if len(parts) > 3 else 1.0),)


def contrast(one, other):
    """WCAG 2.1's contrast ratio of two opaque colours."""
    def luminance(colour):
        channels = [c / 255 for c in colour[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
                  for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


# The colour behind an element: the first opaque background of it or of an
# element it sits in, white at the top.
BEHIND = '''(e => {
    for (; e; e = e.parentElement) {
        const c = getComputedStyle(e).backgroundColor;
        if (!/^rgba\\(.*, 0\\)$/.test(c) && c !== "transparent") return c;
    }
    return "rgb(255, 255, 255)";
})'''

# The focused element's ring and what is behind it.
RING = '''(() => {
    const e = document.activeElement, s = getComputedStyle(e);
    return [e.matches(":focus-visible"), s.outlineStyle, s.outlineColor,
            parseFloat(s.outlineWidth), %s(e.parentElement)];
})()''' % BEHIND


def pick(page, text, want):
    """Types into the focused picker, takes the first completion."""
    field = page.focused()
    page.type(text)
    page.wait_for('!document.getElementById("%s-names").hidden' % field,
                  'completions for ' + text)
    page.key('ArrowDown')
    page.key('Enter')
    return page.js('document.getElementById("%s").value' % field) == want


def accessible_name(page, selector):
    """The name Chromium's accessibility tree gives the element."""
    document = page.call('DOM.getDocument', {'depth': 0})['root']['nodeId']
    node = page.call('DOM.querySelector', {'nodeId': document,
                                           'selector': selector})['nodeId']
    tree = page.call('Accessibility.getPartialAXTree',
                     {'nodeId': node, 'fetchRelatives': False})['nodes']
    return tree[0].get('name', {}).get('value') if tree else None


def texts(page, selector):
    return page.js('Array.from(document.querySelectorAll(%s), '
                   'e => e.textContent.replace(/\\s+/g, " ").trim())'
                   % json.dumps(selector))


# Medical Assistant ($44,200) to Registered Nurse ($93,600): 24 months of
# training and $12,300, so 12300 + 24 * 44200/12 = $100,700 given, at
# (93600 - 44200)/12 = $4,116.67 a month more: 24.5, so 25 months.
PAYBACK_RN = 'pays back in 2 years and 1 month after you finish'


def route_page(page, check, base):
    """Medical Assistant -> Registered Nurse, quickest, by keyboard only."""
    page.goto(base + '/')
    page.key('Tab')
    check.equal(page.focused(), 'from', 'Tab from the top of the page')
    page.type('Medical Ass')
    page.wait_for('!document.getElementById("from-names").hidden',
                  'the completions of "Medical Ass"')
    names = texts(page, '#from-names li')
    check.equal(names[:1], ['Medical Assistant'],
                'first completion of "Medical Ass"')
    check.true(all('medical ass' in n.lower() for n in names),
               'completions that do not hold "Medical Ass": %r' % names)
    page.key('ArrowDown')
    check.equal(page.js('document.getElementById("from")'
                        '.getAttribute("aria-activedescendant")'),
                'from-name-0', 'the completion the arrow key marks')
    page.key('Enter')
    check.equal(page.js('document.getElementById("from").value'),
                'Medical Assistant', 'the completion Enter takes')
    check.equal(page.js('location.search'), '',
                'Enter on a completion must not submit')
    page.key('Tab')
    check.equal(page.focused(), 'to', 'Tab to the second picker')
    check.true(pick(page, 'Registered N', 'Registered Nurse'),
               'the completion of "Registered N"')
    page.key('Tab')
    check.equal(page.focused(), 'also', 'Tab to the roles held as well')
    check.equal(accessible_name(page, '#also'),
                'What if I also had… (jobs or qualifications you hold '
                'as well, separate with ;)', 'the name of the also field')
    page.key('Tab')
    radio = 'document.activeElement.name + "=" + document.activeElement.value'
    check.equal(page.js(radio), 'by=elapsed_months',
                'Tab to what matters most: Quickest, checked')
    page.key('ArrowDown')
    check.equal(page.js(radio), 'by=cost_usd', 'ArrowDown: Cheapest')
    page.key('ArrowUp')
    check.equal(page.js(radio), 'by=elapsed_months', 'ArrowUp: Quickest')
    check.true(page.js('document.activeElement.checked'), 'Quickest checked')
    page.js('window.seenBefore = true')
    page.key('Enter')
    page.wait_ready()
    check.equal(page.js('location.search'),
                '?from=Medical+Assistant&to=Registered+Nurse'
                '&by=elapsed_months',
                'the query Enter submits')
    check.equal(page.focused(), 'answer', 'the focus after the answer')
    check.equal(page.js('document.title'),
                'Medical Assistant \u2192 Registered Nurse: %d routes '
                '\u2013 careerpath' % page.js(
                    'document.querySelectorAll(".route").length'),
                'the title of the routes')
    check.equal(texts(page, '#answer h2'),
                ['Medical Assistant \u2192 Registered Nurse'], 'heading')
    summaries = texts(page, '.route .summary')
    check.equal(summaries[:1],
                ['1 step \u00b7 2 years \u00b7 cost $12,300 \u00b7 '
                 'pay $44,200 \u2192 $93,600 \u00b7 ' + PAYBACK_RN],
                'the best route')
    check.equal(texts(page, '.route:first-of-type thead th'),
                ['Step', 'Time', 'Cost', 'Credential',
                 'Pay before \u2192 after'], 'the columns of a step')
    check.equal(texts(page, '.route:first-of-type tbody tr th, '
                      '.route:first-of-type tbody tr td'),
                ['Medical Assistant \u2192 Registered Nurse (as Entry Point '
                 '(High School Diploma or GED))', '2 years of training',
                 '$12,300',
                 'Associate Degree in Nursing (ADN) + NCLEX-RN + state '
                 'licence', '$44,200 \u2192 $93,600'],
                'the best route, step by step')
    svg = texts(page, '.picture svg text')
    check.true('Medical Assistant' in svg and 'Registered Nurse' in svg,
               "the picture lacks the route's titles: %r" % svg)
    check.true(not any(re.search(r'elapsed_months|cost_usd|experience_months'
                                 r'|\bmonths \d', t) for t in svg),
               "metric names in the picture: %r" % svg)
    # Each arrow of a move in the words of its step (ROUTES.md: 24 months
    # and $12,300 to Registered Nurse, taken as a kind of Entry Point, so
    # its arrow leaves that role; 3 months and $1,660 to Patient Care
    # Technician, line 56), its tooltip saying the same
    arrows = dict(page.js('''Array.from(document.querySelectorAll(
        ".picture svg g.edge"), e => [e.querySelector("title").textContent,
        Array.from(e.querySelectorAll("text"), t => t.textContent)
            .join(", ")])'''))
    for move, label in (
            ('Entry Point (High School Diploma or GED) \u2192 Registered '
             'Nurse', '2 years, $12,300'),
            ('Medical Assistant \u2192 Patient Care Technician',
             '3 months, $1,660')):
        check.equal(arrows.get(move + ': ' + label), label,
                    'the arrow label of %s (arrows: %r)' % (move, arrows))
    tips = texts(page, '.picture svg g.node > title')
    check.true(tips and 'Medical Assistant' in tips and
               'Entry Point (High School Diploma or GED)' in tips and
               not any(re.fullmatch(r'[a-z0-9-]+', t) for t in tips),
               "the boxes' tooltips are not titles: %r" % tips)
    name = accessible_name(page, '.picture svg')
    print('the route picture reads: %r' % name)
    check.equal(name, 'Diagram of the %d routes from Medical Assistant to '
                'Registered Nurse; the step tables below give the same '
                'steps in words' % len(summaries), "the picture's name")
    check.equal(page.js('document.querySelector("#picture-key a")'
                        '.getAttribute("href")'), '#route-1',
                'the pointer to the step tables')
    check.true(page.js('!document.querySelector(".scroller[tabindex]")'),
               'a stop on a picture that does not scroll')
    check.equal(page.js('Array.from(document.querySelectorAll(".links a"),'
                        ' a => a.getAttribute("href"))'),
                ['/?from=Medical+Assistant&to=Registered+Nurse'
                 '&by=elapsed_months',
                 '/api/path?from=Medical+Assistant&to=Registered+Nurse'
                 '&by=elapsed_months&k=4&differ=0.5',
                 '/api/path?from=Medical+Assistant&to=Registered+Nurse'
                 '&by=elapsed_months&k=4&differ=0.5&format=csv'],
                'the links to the answer, as JSON and CSV')
    check.true(page.js('!document.querySelector(".error")'),
               'an error on the route page')


def differ_control(page, check, base):
    """Other routes differ by default: Medical Assistant -> Registered
    Nurse, quickest, four routes no two of which share half the time of
    the quicker (ROUTES.md's R7 by line 18, 24 months; line 64, 30; the
    PCT bridge and line 65, 33; the LPN's diploma and bridge, lines 17
    and 66, 36). The next best routes instead put Phlebotomist, PCT and
    line 65 (34 months) third, which shares line 65's 30 months with the
    route before it."""
    query = base + '/?from=Medical+Assistant&to=Registered+Nurse' \
        '&by=elapsed_months'
    page.goto(query)
    check.equal(page.js('document.getElementById("differ").value'), '0.5',
                'the overlap chosen by default')
    check.equal(texts(page, '#answer .differ'),
                ['No two routes share more than half of the time of the '
                 'quicker one.'], 'what the alternatives keep to')
    firsts = page.js('Array.from(document.querySelectorAll(".route"),'
                     ' r => r.querySelector("tbody th").textContent)')
    check.equal(firsts[3:], ['Medical Assistant \u2192 Licensed Practical '
                             'Nurse (as Entry Point (High School Diploma '
                             'or GED))'], 'the third alternative differs')
    check.equal(texts(page, '#route-4 .unlike'),
                ['Unlike the best route: through Licensed Practical Nurse; '
                 'Practical nursing certificate or diploma + NCLEX-PN + '
                 'state licence; LPN-to-RN bridge (ADN) + NCLEX-RN + state '
                 'licence'], 'how the third alternative differs')
    check.equal(texts(page, '#route-1 .unlike'), [],
                'the best route differs from nothing')
    # the control, chosen by keyboard, asks for the next best routes
    page.js('document.getElementById("differ").focus()')
    page.key('ArrowDown', 2)
    check.equal(page.js('document.getElementById("differ").value'), 'any',
                'two steps down, the last choice')
    page.js('window.seenBefore = true')
    page.js('document.getElementById("query").requestSubmit()')
    page.wait_ready()
    check.equal(page.js('location.search'),
                '?from=Medical+Assistant&to=Registered+Nurse'
                '&by=elapsed_months&differ=any', 'the choice in the address')
    check.equal(page.js('document.getElementById("differ").value'), 'any',
                'the choice kept')
    check.equal(texts(page, '#answer .differ'),
                ['The next best routes, however much they share.'],
                'the next best routes')
    firsts = page.js('Array.from(document.querySelectorAll(".route"),'
                     ' r => r.querySelector("tbody th").textContent)')
    check.equal(firsts[3:], ['Medical Assistant \u2192 Phlebotomist'],
                'the next best third alternative')
    check.equal(page.js('Array.from(document.querySelectorAll(".links a"),'
                        ' a => a.getAttribute("href"))')[1],
                '/api/path?from=Medical+Assistant&to=Registered+Nurse'
                '&by=elapsed_months&k=4', 'no overlap asked of the API')


def no_route_page(page, check, base):
    """Registered Nurse -> the school-leaver's entry point: none (every role
    is a kind of it, and nothing leads back to it), and why, in words."""
    page.goto(base + '/')
    page.key('Tab')
    check.true(pick(page, 'Registered N', 'Registered Nurse'),
               'the completion of "Registered N"')
    page.key('Tab')
    check.true(pick(page, 'Entry Po',
                    'Entry Point (High School Diploma or GED)'),
               'the completion of "Entry Po"')
    page.js('window.seenBefore = true')
    page.key('Enter')
    page.wait_ready()
    check.equal(texts(page, '#answer .none'),
                ['There is no route from Registered Nurse to Entry Point '
                 '(High School Diploma or GED) with these choices.'],
                'no route')
    check.equal(texts(page, '#answer .why'),
                ["'Entry Point (High School Diploma or GED)' comes before "
                 "'Registered Nurse': routes lead from it, not back"],
                'why there is none')
    check.equal(page.js('document.title'), 'No route from Registered Nurse '
                'to Entry Point (High School Diploma or GED) \u2013 '
                'careerpath', 'the title of no route')


def contrast_checks(page, check, base):
    """What shows where one is, at 3:1 or more against what is beside it
    (WCAG 1.4.11), read from the computed styles: the focus ring of a
    field and of the buttons, the borders of the fields and completions."""
    page.goto(base + '/')
    page.key('Tab')
    rings = [('#from', page.js(RING))]
    for button in ('button:not([name])', 'button[name=view]'):
        page.js('document.querySelector("%s").focus()' % button)
        rings.append((button, page.js(RING)))
    for name, (visible, style, colour, width, behind) in rings:
        check.true(visible and style == 'solid' and width >= 2,
                   'the focus ring of %s: %r %r %r' % (name, visible, style,
                                                     width))
        ratio = contrast(rgba(colour), rgba(behind))
        check.true(ratio >= 3, 'the focus ring of %s: %s on %s is %.2f:1'
                   % (name, colour, behind, ratio))
    page.js('document.activeElement.blur()')
    page.js('document.getElementById("limits").open = true')
    page.js('document.getElementById("from-names").hidden = false')
    borders = page.js('''Array.from(document.querySelectorAll(
            "input:not([type=radio]):not([type=checkbox]), .completions"),
        e => [e.id, getComputedStyle(e).borderTopColor,
              getComputedStyle(e).backgroundColor, %s(e.parentElement)])
    ''' % BEHIND)
    page.js('document.getElementById("from-names").hidden = true')
    check.true(len(borders) >= 6, 'too few fields: %r' % borders)
    for name, border, inside, outside in borders:
        for side, colour in (('inside', inside), ('outside', outside)):
            ratio = contrast(rgba(border), rgba(colour))
            check.true(ratio >= 3, 'the border of %s: %s on %s (%s) is '
                       '%.2f:1' % (name, border, colour, side, ratio))


def forced_colours(page, check, base):
    """In a high-contrast theme the option Enter takes still stands out."""
    page.call('Emulation.setEmulatedMedia', {
        'features': [{'name': 'forced-colors', 'value': 'active'}]})
    try:
        page.goto(base + '/')
        page.key('Tab')
        page.type('Medical Ass')
        page.wait_for('document.querySelectorAll("#from-names li").length > 1',
                      'the completions of "Medical Ass"')
        page.key('ArrowDown')
        looks = page.js('''Array.from(document.querySelectorAll(
                "#from-names li"), e => { const s = getComputedStyle(e);
            return [e.getAttribute("aria-selected"), s.backgroundColor,
                    s.color, s.outlineStyle]; })''')
        check.equal(page.js('matchMedia("(forced-colors: active)").matches'),
                    True, 'forced colours emulated')
        active, other = looks[0], looks[1]
        check.equal((active[0], other[0]), ('true', 'false'),
                    'the option marked')
        check.true(contrast(rgba(active[1]), rgba(other[1])) >= 3,
                   'in forced colours the active option looks like the '
                   'others: %r, %r' % (active, other))
    finally:
        page.call('Emulation.setEmulatedMedia', {'features': []})


def tab_order(page, check, base):
    """Tab stops at every control, in the order of the page."""
    page.goto(base + '/')
    # each control, a group of radio buttons as one stop, in page order
    controls = page.js('''(() => {
        const seen = new Set(), out = [];
        for (const e of document.querySelectorAll(
                "input, button, summary, a[href], select, textarea")) {
            if (e.disabled || !e.getClientRects().length &&
                e.tagName !== "SUMMARY" && !e.closest("details"))
                continue;
            const name = e.type === "radio" ? "radio:" + e.name :
                e.id || e.tagName.toLowerCase() + ":" +
                (e.getAttribute("href") || e.value || e.textContent.trim());
            if (!seen.has(name)) { seen.add(name); out.push(name); }
        }
        return out;
    })()''')
    stops = []
    for _ in range(len(controls) + 4):
        page.key('Tab')
        name = page.js('''(() => { const e = document.activeElement;
            return e === document.body ? "body" :
                e.type === "radio" ? "radio:" + e.name :
                e.id || e.tagName.toLowerCase() + ":" +
                (e.getAttribute("href") || e.value || e.textContent.trim());
        })()''')
        if name in stops or name == 'body':
            break
        stops.append(name)
        if name.startswith('summary'):
            page.key('Enter')  # opens the limits, whose fields come next
    check.equal(stops, controls, 'the Tab order')
    check.true(len(controls) >= 12, 'too few controls: %r' % controls)


def phone(page, check, base, work):
    page.size(390, 844, mobile=True)
    page.goto(base + '/?from=Medical+Assistant&to=Registered+Nurse'
              '&by=elapsed_months')
    check.equal(page.js('document.documentElement.scrollWidth'), 390,
                'the page is wider than a phone')
    check.equal(texts(page, '.route .summary')[:1],
                ['1 step \u00b7 2 years \u00b7 cost $12,300 \u00b7 '
                 'pay $44,200 \u2192 $93,600 \u00b7 ' + PAYBACK_RN],
                'the best route on a phone')
    check.equal(page.js('''(() => {
        const e = document.querySelector(".picture .scroller");
        return [e.scrollWidth > e.clientWidth, e.getAttribute("tabindex"),
                e.getAttribute("role"), e.getAttribute("aria-label")];
    })()'''), [True, '0', 'region',
               'The routes diagram, which scrolls sideways'],
                'the picture scrolls on a phone, named, a keyboard stop')
    page.js('window.scrollTo(0, 0)')
    page.screenshot(os.path.join(work, 'serve-phone.png'))
    page.size(960, 1080)


def from_address(page, check, base):
    """Queries whose form is filled from the address."""
    query = base + '/?from=Medical+Assistant&to=Registered+Nurse' \
        '&by=elapsed_months'
    page.goto(query + '&max_cost=5000')
    check.equal(texts(page, '#answer .none'),
                ['There is no route from Medical Assistant to Registered '
                 'Nurse with these choices.'], 'no route under $5,000')
    check.true(any('on cost_usd would admit one' in t
                   for t in texts(page, '#answer .why')),
               'why names the cap: %r' % texts(page, '#answer .why'))
    check.true(page.js('document.getElementById("limits").open'),
               'the limits are open when one is set')
    page.goto(base + '/?from=Medical+Assistant&by=elapsed_months'
              '&view=reach')
    check.equal(texts(page, '#answer h2'),
                ['What you can reach from Medical Assistant'], 'reach')
    rows = page.js('Array.from(document.querySelectorAll(".reach tbody tr"),'
                   ' r => Array.from(r.children, c => c.textContent))')
    check.true(['Registered Nurse', '1', '2 years', '$12,300',
                '$44,200 \u2192 $93,600', '+$49,400 (+112%)',
                PAYBACK_RN] in rows,
               'reach lacks Registered Nurse: %r' % rows[:3])
    check.equal(page.js('document.title'),
                'What you can reach from Medical Assistant \u2013 careerpath',
                'the title of a reach')
    page.goto(base + '/?from=Medical+Asistant&to=Registered+Nurse')
    check.equal(texts(page, '#answer .error'),
                ["Job now: unknown role 'Medical Asistant' (did you mean "
                 "Medical Assistant?)"], 'a bad role')
    check.equal(page.js('document.title'),
                "Error: unknown role 'Medical Asistant' (did you mean "
                "'Medical Assistant'?) \u2013 careerpath", 'the title of an '
                'error')
    check.equal(page.js('''(() => { const e = document.getElementById("from");
        return [e.getAttribute("aria-invalid"),
                e.getAttribute("aria-describedby"),
                document.getElementById("to").getAttribute("aria-invalid")];
    })()'''), ['true', 'error', None], 'the error tied to its field')
    check.equal(page.js('Array.from(document.querySelectorAll(".error a"),'
                        ' a => a.getAttribute("href"))'),
                ['/?from=Medical+Assistant&to=Registered+Nurse'],
                'the suggestion as a link')
    # the suggestion, taken by keyboard, asks again
    page.js('document.querySelector(".error a").focus()')
    page.js('window.seenBefore = true')
    page.key('Enter')
    page.wait_ready()
    check.equal(texts(page, '#answer h2'),
                ['Medical Assistant \u2192 Registered Nurse'],
                'the suggestion followed')
    check.true(page.js('!document.querySelector("[aria-invalid]")'),
               'a field marked invalid after the suggestion')
    page.goto(base + '/?from=Medical+Assistant&to=Registered+Nurse'
              '&avoid=Phlebotomist%3B+Certfied+Medical+Assistant')
    check.equal(page.js('Array.from(document.querySelectorAll(".error a"),'
                        ' a => a.getAttribute("href"))')[:1],
                ['/?from=Medical+Assistant&to=Registered+Nurse'
                 '&avoid=Phlebotomist%3B+Certified+Medical+Assistant'],
                'the suggestion for a job to avoid')
    check.equal(page.js('document.getElementById("avoid")'
                        '.getAttribute("aria-invalid")'), 'true',
                'the error tied to the jobs to avoid')


def duration(months):
    """Months in the words of the text answers: 49 is "4 years and 1
    month"."""
    def count(n, unit):
        return '%s %s%s' % (format(n, 'g'), unit, '' if n == 1 else 's')
    if months < 12:
        return count(months, 'month')
    years = months // 12
    rest = months - years * 12
    return count(years, 'year') + (' and ' + count(rest, 'month')
                                   if rest else '')


# A time in the page's words, in months: "4 years and 1 month" is 49.
def months_of(text):
    years = re.search(r'(\d+) years?', text)
    months = re.search(r'(\d+) months?', text)
    return ((int(years.group(1)) * 12 if years else 0) +
            (int(months.group(1)) if months else 0))


def time_once(page, check, base):
    """A step that asks work experience before its training shows its
    time once, the parts within the total: Medical Assistant -> Registered
    Medical Assistant (transitions.csv: 60 months of work, 1 of training),
    with 12 months already worked, takes 48 + 1 = 49 months."""
    page.goto(base + '/?from=Medical+Assistant&to=Registered+Medical'
              '+Assistant&by=steps&experience=12')
    check.equal(texts(page, '.route:first-of-type thead th'),
                ['Step', 'Time', 'Cost', 'Credential',
                 'Pay before \u2192 after'], 'the columns of a step')
    row = texts(page, '.route:first-of-type tbody tr:first-child td')
    check.equal(row[:2], ['4 years and 1 month: 4 years of work + 1 month '
                          'of training', '$135'], 'a step of work and '
                'training')
    # every row of every table holds one time, whose parts add up to it
    # and to the route's total in its summary
    for route in page.js('''Array.from(document.querySelectorAll(".route"),
            r => [r.querySelector(".summary").textContent,
                  Array.from(r.querySelectorAll("tbody tr"), tr =>
                      Array.from(tr.children, c => c.textContent))])'''):
        summary, rows = route
        total = 0
        for cells in rows:
            timed = [c for c in cells[1:] if re.search(r'\b(month|year)s?\b',
                                                       c)]
            check.equal(len(timed), 1, 'times in a row: %r' % cells)
            whole, _, parts = timed[0].partition(': ')
            if parts:
                check.equal(sum(months_of(p) for p in parts.split(' + ')),
                            months_of(whole), 'the parts of ' + timed[0])
            total += months_of(whole)
        check.equal(months_of(summary.split(' \u00b7 ')[1]), total,
                    'the total of the steps of ' + summary)


def reach_sorts(page, check, base):
    """The reach with its pay gain, sorted by it and by cost, each asked of
    the server and reached by keyboard."""
    page.goto(base + '/?from=Medical+Assistant&by=elapsed_months'
              '&view=reach')
    check.equal(texts(page, '.sorts a'), ['Best first', 'Quickest',
                                          'Cheapest', 'Best paid',
                                          'Biggest pay gain', 'A to Z',
                                          'Soonest payback'],
                'the orders of a reach')
    page.js('Array.from(document.querySelectorAll(".sorts a")).find('
            'a => a.textContent === "Biggest pay gain").focus()')
    page.js('window.seenBefore = true')
    page.key('Enter')
    page.wait_ready()
    check.equal(page.js('location.search'), '?from=Medical+Assistant'
                '&by=elapsed_months&view=reach&sort=gain', 'sort by gain')
    check.equal(texts(page, '.reach caption'),
                ['37 jobs, biggest pay gain first'], 'the caption by gain')
    check.equal(texts(page, '.reach thead th[aria-sort]'), ['Pay gain'],
                'the column sorted')
    check.equal(page.js('document.querySelector(".reach thead '
                        'th[aria-sort]").getAttribute("aria-sort")'),
                'descending', 'the way it is sorted')
    check.equal(texts(page, '.sorts a[aria-current]'), ['Biggest pay gain'],
                'the order marked')
    rows = page.js('Array.from(document.querySelectorAll(".reach tbody tr"),'
                   ' r => [r.children[0].textContent, r.querySelector('
                   '"[data-label=\'Pay gain\']").textContent])')
    # roles.csv: Physician Assistant $133,260 and Nurse Practitioner
    # $129,210, less Medical Assistant's $44,200
    check.equal(rows[:2], [['Physician Assistant', '+$89,060 (+201%)'],
                           ['Nurse Practitioner', '+$85,010 (+192%)']],
                'the biggest pay gains')

    def gain(text):
        if text == 'not known':
            return None
        number = int(re.sub(r'[^\d]', '', text.split(' (')[0]) or 0)
        return -number if text.startswith('\u2212') else number
    gains = [gain(text) for _, text in rows]
    known = [g for g in gains if g is not None]
    check.true(known == sorted(known, reverse=True) and
               gains == known + [None] * (len(gains) - len(known)),
               'the gains out of order: %r' % gains)
    check.true(any(g < 0 for g in known) and 0 in known,
               'no loss or no change among the gains: %r' % gains)
    page.goto(base + '/?from=Medical+Assistant&by=elapsed_months'
              '&view=reach&sort=cost')
    check.equal(texts(page, '.reach caption'),
                ['37 jobs, cheapest first'], 'the caption by cost')
    costs = [int(re.sub(r'[^\d]', '', c)) for c in texts(
        page, '.reach tbody td[data-label=Cost]')]
    check.true(len(costs) == 37 and costs == sorted(costs),
               'the costs out of order: %r' % costs)
    check.equal(texts(page, '.reach thead th[aria-sort]'), ['Cost'],
                'the column sorted by cost')


def payback_sort(page, check, base):
    """The reach by payback: the months known soonest first, then those
    that never pay back or are not known, as the server sorts them."""
    page.goto(base + '/?from=Medical+Assistant&by=elapsed_months'
              '&view=reach&sort=payback')
    check.equal(texts(page, '.reach caption'),
                ['37 jobs, soonest payback first'], 'the caption by payback')
    check.equal(texts(page, '.reach thead th[aria-sort]'), ['Pays back'],
                'the column sorted by payback')
    said = texts(page, '.reach tbody td[data-label="Pays back"]')

    def payback_of(text):
        if text == 'pays back by the time you finish':
            return 0
        return months_of(text) if text.startswith('pays back in ') else None
    values = [payback_of(t) for t in said]
    known = [v for v in values if v is not None]
    check.true(len(said) == 37 and known == sorted(known) and
               values == known + [None] * (len(values) - len(known)),
               'the paybacks out of order: %r' % said)
    check.true(any(t == 'never pays back: pay goes down' for t in said),
               'no route that never pays back: %r' % said)


def also_held(page, check, base, program, graph):
    """What if I also had: the roles held as well go to the API as also,
    and a route that starts at one says so."""
    page.goto(base + '/?from=Phlebotomist&to=Registered+Nurse'
              '&by=elapsed_months&also=Medical+Assistant')
    check.equal(page.js('document.getElementById("also").value'),
                'Medical Assistant', 'the also field from the address')
    # routes that differ start from one role: the next best are asked
    check.equal(texts(page, '#answer .differ'),
                ['The next best routes, however much they share.'],
                'how routes differ, with roles held as well')
    cli = json.loads(subprocess.run(
        [program, '--graph', graph, 'path', 'Phlebotomist',
         'Registered Nurse', '--by', 'elapsed_months', '-k', '4',
         '--also', 'Medical Assistant', '--format', 'json'],
        capture_output=True, check=True).stdout)
    want = ['Using your Medical Assistant experience'
            if r['start'] == 'medical-assistant' else None
            for r in cli['routes']]
    got = page.js('Array.from(document.querySelectorAll(".route"), r => '
                  '(r.querySelector(".start") || {}).textContent || null)')
    check.equal(got, want, 'the routes that use a role held as well')
    check.true(want[0] is not None, 'the best route starts at the '
               'role held as well: %r' % want)


def upskill_view(page, check, base, program, graph):
    """What one thing opens the most doors: the button, by keyboard, and
    the ranking the command gives for the same question."""
    page.goto(base + '/?from=Phlebotomist&by=elapsed_months&max_months=12')
    page.js('Array.from(document.querySelectorAll("button")).find(b => '
            'b.value === "upskill").focus()')
    page.js('window.seenBefore = true')
    page.key('Enter')
    page.wait_ready()
    check.equal(page.js('new URLSearchParams(location.search).get("view")'),
                'upskill', 'the upskill button')
    check.equal(texts(page, '#answer h2'),
                ['What one thing opens the most doors from Phlebotomist?'],
                'the upskill heading')
    cli = json.loads(subprocess.run(
        [program, '--graph', graph, 'upskill', 'Phlebotomist', '--by',
         'elapsed_months', '--max', 'elapsed_months=12', '--top', '20',
         '--format', 'json'], capture_output=True, check=True).stdout)
    want = [[o['title'], str(o['opens'])] for o in cli['options']
            if o['opens'] > 0]
    rows = page.js('Array.from(document.querySelectorAll(".upskill tbody '
                   'tr"), r => [r.children[0].textContent, '
                   'r.children[1].textContent])')
    check.true(len(want) >= 2, 'too few roles open a job: %r' % want)
    check.equal(rows, want, 'the ranking of roles to add')
    check.equal(texts(page, '#answer .summary'),
                ['Today you can reach %d jobs; the best paid is Licensed '
                 'Practical Nurse ($62,340).' % cli['reached']],
                'what today reaches')
    # the first role to add, followed: a reach holding it as well
    page.js('document.querySelector(".upskill tbody a").focus()')
    page.js('window.seenBefore = true')
    page.key('Enter')
    page.wait_ready()
    check.equal(texts(page, '#answer h2'),
                ['What you can reach from Phlebotomist'],
                'the reach with a role added')
    check.true(page.js('document.getElementById("also").value') ==
               cli['options'][0]['role'], 'the role added as also')


def outlook_rules(page, check, base):
    """The destination rules on a graph with BLS outlook: the controls
    shown, filled from the address, and every row within them."""
    page.goto(base + '/?from=entry&by=steps&view=reach&min_openings=5000'
              '&growing=1&sort=openings')
    check.true(page.js('document.getElementById("growing").checked && '
                       'document.getElementById("min_openings").value === '
                       '"5000" && document.getElementById("limits").open'),
               'the outlook rules from the address')
    check.equal(accessible_name(page, '#min_openings'),
                'End only in jobs with at least this many openings a year',
                'the name of the openings rule')
    check.equal(texts(page, '.reach thead th[aria-sort]'),
                ['Openings a year'], 'the column sorted by openings')
    api = page.js('new URL(Array.from(document.querySelectorAll(".links a"))'
                  '.find(a => a.textContent === "JSON").href).search')
    check.true('growing=1' in api and 'min_openings=5000' in api,
               'the outlook rules not asked of the API: ' + api)
    openings = [int(t.replace(',', '')) for t in
                texts(page, '.reach tbody td[data-label="Openings a year"]')]
    check.true(openings and all(n >= 5000 for n in openings) and
               openings == sorted(openings, reverse=True),
               'openings below the rule or out of order: %r' % openings)


def onet(page, check, base, program, graph):
    """A graph without cost_usd: no choice of money, no error by default."""
    page.goto(base + '/')
    hidden = page.js('''Array.from(document.querySelectorAll("[data-needs]"),
        e => e.dataset.needs + (e.hidden ? ":hidden" : ":shown"))''')
    check.equal(hidden, ['elapsed_months:shown', 'cost_usd:hidden',
                         'elapsed_months cost_usd:hidden',
                         'elapsed_months:shown', 'cost_usd:hidden',
                         'experience_months:shown',
                         'employment_change_pct:shown',
                         'annual_openings:shown'],
                'the choices on graphs/onet')
    check.equal(page.js('Array.from(document.querySelectorAll('
                        '"input[name=by]:not(:disabled)"), e => e.value)'),
                ['elapsed_months', 'steps'], 'the measures on offer')
    page.key('Tab')
    check.true(pick(page, 'Medical Ass', 'Medical Assistants'),
               'the completion of "Medical Ass" on graphs/onet')
    page.key('Tab')
    check.true(pick(page, 'Registered Nur', 'Registered Nurses'),
               'the completion of "Registered Nur" on graphs/onet')
    page.js('window.seenBefore = true')
    page.key('Enter')
    page.wait_ready()
    check.equal(texts(page, '#answer .error'), [], 'errors on graphs/onet')
    cli = json.loads(subprocess.run(
        [program, '--graph', graph, 'path', 'Medical Assistants',
         'Registered Nurses', '--by', 'elapsed_months', '-k', '4',
         '--format', 'json'], capture_output=True, check=True).stdout)
    best = cli['routes'][0]['totals']
    steps = len(cli['routes'][0]['steps'])
    want = '%d step%s \u00b7 %s \u00b7 pay' % (
        steps, '' if steps == 1 else 's', duration(best['elapsed_months']))
    summaries = texts(page, '.route .summary')
    check.true(summaries and summaries[0].startswith(want),
               'the best route on graphs/onet: %r, not %r...'
               % (summaries[:1], want))
    check.equal(len(summaries), len(cli['routes']), 'routes on graphs/onet')
    check.true('Cost' not in texts(page, 'thead th'),
               'a cost column on a graph without cost_usd')


def national(page, check, base):
    """The bundled graph with graphs/onet: the answer does not wait for a
    list of every job, answers come gzipped, a long reach comes a page at
    a time, and the favicon is there."""
    page.goto(base + '/?from=entry&view=reach')
    rows = page.js('document.querySelectorAll(".reach tbody tr").length')
    check.equal(rows, 50, 'the rows of the first page of a long reach')
    caption = texts(page, '.reach caption')
    pages = re.search(r'page 1 of (\d+)$', caption[0] if caption else '')
    check.true(pages and int(pages.group(1)) > 1,
               'the caption of a long reach: %r' % caption)
    check.equal(page.js('document.title'),
                'What you can reach from Entry Point (High School Diploma '
                'or GED) (page 1 of %s) \u2013 careerpath'
                % (pages.group(1) if pages else '?'), 'the title of a reach')
    fetched = page.js('''performance.getEntriesByType("resource").map(
        r => [new URL(r.name).pathname + new URL(r.name).search,
              r.encodedBodySize, r.decodedBodySize])''')
    check.true(not any(path == '/api/roles' for path, _, _ in fetched),
               'the page fetched the list of every job: %r' % fetched)
    reach = [f for f in fetched if f[0].startswith('/api/reach?')]
    check.true(reach and 0 < reach[0][1] < reach[0][2] / 4,
               'the reach not gzipped: %r' % reach)
    # only the rows shown travel: 50 of them, not every job reached
    check.true(len(reach) == 1 and reach[0][0].endswith('&offset=0&limit=50')
               and reach[0][2] < 64 * 1024,
               'the reach sent more than its page: %r' % reach)
    first = texts(page, '.reach tbody tr th')
    page.js('document.querySelector(".pager a[rel=next]").focus()')
    page.js('window.seenBefore = true')
    page.key('Enter')
    page.wait_ready()
    check.equal(page.js('location.search'),
                '?from=entry&view=reach&page=2', 'the next page')
    check.equal(texts(page, '.pager span'),
                ['Jobs 51 to 100 of %d' % page.js(
                    'parseInt(document.querySelector(".reach caption")'
                    '.textContent)')], 'where the page is')
    check.true(not set(first) & set(texts(page, '.reach tbody tr th')),
               'the second page repeats the first')
    icon = page.js('''fetch("/favicon.ico").then(r => [r.status,
        r.headers.get("Content-Type")])''')
    check.equal(icon, [200, 'image/x-icon'], 'the favicon')


def hostile(page, check, base):
    """Titles holding markup, quotes and ampersands come out as text."""
    page.goto(base + '/?from=node&to=subgraph&by=steps')
    check.equal(texts(page, '.route h3')[:1], ['Best route'], 'hostile route')
    html = page.js('document.getElementById("answer").innerHTML')
    check.true('&lt;script&gt;alert("x")&lt;/script&gt; &amp;amp; '
               '&amp;lt; &amp;#38; ]]&gt;' in html, 'a title as text')
    check.true('<td data-label="Credential">&lt;cert&gt; &amp; "quoted"'
               '</td>' in html, 'a credential as text')
    check.true(not page.js('document.querySelector("#answer script")'),
               'a title became markup')


def find_axe():
    """axe-core's script: CP_AXE_JS, or the one npm installed globally
    (tools/setup --browser); None when there is none."""
    given = os.environ.get('CP_AXE_JS')
    if given:
        return given if os.path.isfile(given) else None
    npm = shutil.which('npm')
    if not npm:
        return None
    root = subprocess.run([npm, 'root', '-g'], capture_output=True,
                          text=True).stdout.strip()
    path = os.path.join(root, 'axe-core', 'axe.min.js')
    return path if root and os.path.isfile(path) else None


class Axe:
    """axe-core, put into the page the test drives, run on its document."""

    def __init__(self, source):
        self.source = source
        self.audits = 0

    def run(self, page, check, what):
        if not page.js('typeof window.axe === "object"'):
            page.js(self.source + '\n;true')
        found = page.js('''axe.run(document, {resultTypes: ["violations"]})
            .then(r => r.violations.map(v => [v.id, v.impact,
                v.nodes.map(n => n.target.join(" ") + ": " +
                            n.failureSummary.replace(/\\s+/g, " "))]))''')
        self.audits += 1
        for rule, impact, nodes in found:
            check.true(False, 'axe, %s: %s (%s): %s'
                       % (what, rule, impact, '; '.join(nodes)[:600]))


# Every state of the page, by its address: what the page shows in it.
STATES = {
    'bundled': [
        ('the form', '/'),
        ('routes', '/?from=Medical+Assistant&to=Registered+Nurse'
         '&by=elapsed_months'),
        ('no route', '/?from=Registered+Nurse&to=Medical+Assistant'
         '&by=elapsed_months&max_cost=5000'),
        ('reach', '/?from=Medical+Assistant&view=reach'),
        ('reach by pay gain', '/?from=Medical+Assistant&view=reach'
         '&sort=gain'),
        ('a step of work and training', '/?from=Medical+Assistant'
         '&to=Registered+Medical+Assistant&by=steps&experience=12'),
        ('routes using a role held as well', '/?from=Phlebotomist'
         '&to=Registered+Nurse&by=elapsed_months&also=Medical+Assistant'),
        ('reach by payback', '/?from=Medical+Assistant&view=reach'
         '&sort=payback'),
        ('what one thing opens most', '/?from=Phlebotomist'
         '&by=elapsed_months&max_months=12&view=upskill'),
        ('an error', '/?from=Medical+Asistant&to=Registered+Nurse'
         '&avoid=Phlebotomist%3B+Certfied+Medical+Assistant'),
    ],
    'combined': [
        ('the form', '/'),
        ('routes', '/?from=Medical+Assistant&to=Registered+Nurses'
         '&by=elapsed_months'),
        ('no route', '/?from=Registered+Nurses&to=entry'),
        ('reach', '/?from=entry&view=reach'),
        ('a later page of a reach', '/?from=entry&view=reach&page=3'),
        ('a reach by pay, page 2', '/?from=entry&view=reach&sort=pay'
         '&page=2'),
        ('a reach by outlook rules', '/?from=entry&view=reach&growing=1'
         '&min_openings=5000&sort=openings'),
        ('an error', '/?from=Medical+Asistant&to=Registered+Nurses'),
    ],
}


def audit(page, check, axe, bases):
    """axe-core on every state, at a desk's width and a small phone's, on
    the bundled graph and on the bundled graph with graphs/onet: no
    violation of any of its rules."""
    for width, height, mobile in ((1280, 900, False), (320, 640, True)):
        page.size(width, height, mobile)
        for graph in ('bundled', 'combined'):
            for what, address in STATES[graph]:
                where = '%s on the %s graph at %d px' % (what, graph, width)
                page.goto(bases[graph] + address)
                if what != 'the form':
                    check.true(page.js('document.getElementById("answer")'
                                       '.children.length > 0'),
                               'no answer: ' + where)
                axe.run(page, check, where)
            # the completions open, one marked, and the limits open
            page.goto(bases[graph] + '/')
            page.js('document.getElementById("limits").open = true')
            page.key('Tab')
            page.type('Medical Ass')
            page.wait_for('!document.getElementById("from-names").hidden',
                          'the completions of "Medical Ass"')
            page.key('ArrowDown')
            axe.run(page, check, 'the completions on the %s graph at %d px'
                    % (graph, width))
    page.size(960, 1080)


def png_size(path):
    with open(path, 'rb') as f:
        head = f.read(24)
    return int.from_bytes(head[16:20], 'big'), int.from_bytes(head[20:24],
                                                                'big')


def main():
    if len(sys.argv) != 4:
        sys.exit('usage: browser.py PROGRAM SOURCE_DIR WORK_DIR')
    program, src, work = sys.argv[1:]
    binary = shutil.which('chromium') or shutil.which('chromium-browser')
    if not binary:
        print('Chromium is not installed (tools/setup --browser installs '
              'it): skipped')
        return 77
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(os.path.join(work, 'home'))
    check = Check()
    servers, page, axe_path = [], None, None
    try:
        bundled_graph = os.path.join(src, 'graphs', 'medical-assistant')
        onet_graph = os.path.join(src, 'graphs', 'onet')
        bases = {}
        for name, graphs in (('bundled', [bundled_graph]),
                             ('onet', [onet_graph]),
                             ('combined', [bundled_graph, onet_graph]),
                             ('hostile', [os.path.join(src, 'tests', 'data',
                                                       'hostile')])):
            server, bases[name] = start_server(
                program, graphs, os.path.join(work, name + '.log'))
            servers.append(server)
        page = Browser(binary, work)
        page.open_tab()
        page.size(960, 1080)
        route_page(page, check, bases['bundled'])
        page.screenshot(os.path.join(work, 'serve-page.png'), 0.85)
        differ_control(page, check, bases['bundled'])
        no_route_page(page, check, bases['bundled'])
        contrast_checks(page, check, bases['bundled'])
        forced_colours(page, check, bases['bundled'])
        tab_order(page, check, bases['bundled'])
        phone(page, check, bases['bundled'], work)
        from_address(page, check, bases['bundled'])
        time_once(page, check, bases['bundled'])
        reach_sorts(page, check, bases['bundled'])
        payback_sort(page, check, bases['bundled'])
        also_held(page, check, bases['bundled'], program, bundled_graph)
        upskill_view(page, check, bases['bundled'], program, bundled_graph)
        outlook_rules(page, check, bases['combined'])
        onet(page, check, bases['onet'], program, onet_graph)
        national(page, check, bases['combined'])
        hostile(page, check, bases['hostile'])
        axe_path = find_axe()
        if axe_path:
            with open(axe_path) as f:
                axe = Axe(f.read())
            audit(page, check, axe, bases)
    except Failed as e:
        print('FAIL: %s' % e)
        check.failures += 1
    finally:
        if page:
            page.close()
        for server in servers:
            server.terminate()
            server.wait()
    for name, size in (('serve-page.png', (816, 918)),
                       ('serve-phone.png', (390, 844))):
        path = os.path.join(work, name)
        if not os.path.exists(path):
            check.true(False, 'no ' + name)
            continue
        check.equal(png_size(path), size, name + ' size')
    if check.failures:
        print('%d checks failed' % check.failures)
        return 1
    print('the page in Chromium, by keyboard: all checks passed')
    if not axe_path:
        print('axe-core is not installed (tools/setup --browser installs it '
              'with npm; or set CP_AXE_JS to its axe.min.js): the '
              'accessibility audit skipped')
        return 77
    print('axe-core: no violation in %d audits' % axe.audits)
    return 0


if __name__ == '__main__':
    sys.exit(main())
