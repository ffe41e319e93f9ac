#!/usr/bin/python3
# The tests' SMTP server (tests/Bot/Fakes/MailServers.cs starts it): aiosmtpd from Debian's python3-aiosmtpd on a
# loopback port, handing every recipient's copy to the test's private Dovecot through dovecot-lda (one process per
# recipient) or Dovecot's LMTP socket, so what the bot sends lands in a real mailbox the tests read over IMAP.
# AUTH PLAIN/LOGIN is checked against Dovecot's passwd-file. Run it with /usr/bin/python3 (Debian's, which sees
# the package), not a pyenv or venv python.
import argparse
import asyncio
import logging
import os
import signal
import smtplib
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

log = logging.getLogger("smtp-dovecot")


def load_users(path):
    users = {}
    if path:
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                # dovecot passwd-file line: user:{PLAIN}password:...
                user, _, rest = line.partition(":")
                pw = rest.split(":", 1)[0]
                if pw.startswith("{PLAIN}"):
                    pw = pw[len("{PLAIN}"):]
                users[user.lower()] = pw
    return users


class DovecotHandler:
    def __init__(self, args, users):
        self.args = args
        self.users = users

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.users and address.lower() not in self.users:
            return "550 5.1.1 <%s>: no such user here" % address
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def _lda(self, rcpt, sender, data):
        proc = await asyncio.create_subprocess_exec(
            self.args.lda, "-c", self.args.dovecot_conf, "-d", rcpt, "-f", sender or "<>",
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT)
        out, _ = await proc.communicate(data)
        return proc.returncode, out.decode("utf-8", "replace").strip()

    def _lmtp(self, rcpts, sender, data):
        c = smtplib.LMTP(self.args.lmtp)
        try:
            c.sendmail(sender or "", rcpts, data)   # raises unless every rcpt accepted
            return 0, ""
        except smtplib.SMTPRecipientsRefused as e:
            return 75, str(e.recipients)
        except smtplib.SMTPResponseException as e:
            return (75 if 400 <= e.smtp_code < 500 else 67), "%d %s" % (e.smtp_code, e.smtp_error)
        finally:
            try:
                c.quit()
            except Exception:
                pass

    async def handle_DATA(self, server, session, envelope):
        data = envelope.original_content  # bytes exactly as received (after dot-unstuffing)
        sender = envelope.mail_from
        failures = []
        if self.args.lmtp:
            rc, out = await asyncio.get_running_loop().run_in_executor(
                None, self._lmtp, envelope.rcpt_tos, sender, data)
            if rc:
                failures.append((",".join(envelope.rcpt_tos), rc, out))
        else:
            for rcpt in envelope.rcpt_tos:
                rc, out = await self._lda(rcpt, sender, data)
                if rc:
                    failures.append((rcpt, rc, out))
        for rcpt, rc, out in failures:
            log.error("delivery to %s failed rc=%s: %s", rcpt, rc, out)
        if failures:
            temp = any(rc == 75 for _, rc, _ in failures)
            return ("451 4.3.0 " if temp else "554 5.3.0 ") + "delivery failed: " + failures[0][2][:200].replace("\r", " ").replace("\n", " ")
        log.info("delivered from=<%s> to=%s size=%d", sender, envelope.rcpt_tos, len(data))
        return "250 2.0.0 OK delivered"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--listen", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--dovecot-conf", required=True)
    ap.add_argument("--lda", default="/usr/lib/dovecot/dovecot-lda")
    ap.add_argument("--lmtp", help="deliver via this dovecot LMTP unix socket instead of dovecot-lda")
    ap.add_argument("--users", help="dovecot passwd-file: recipients are checked and AUTH PLAIN/LOGIN verified against it")
    ap.add_argument("--auth", choices=["off", "optional", "required"], default="optional")
    ap.add_argument("--tls-cert"), ap.add_argument("--tls-key")
    ap.add_argument("--pidfile")
    ap.add_argument("--hostname", default="mailtry.test")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s smtp[%(process)d] %(levelname)s %(message)s")
    users = load_users(args.users)

    def authenticator(server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword):
            user = auth_data.login.decode("utf-8", "replace").lower()
            pw = auth_data.password.decode("utf-8", "replace")
            if user in users and users[user] == pw:
                return AuthResult(success=True)
        return AuthResult(success=False, handled=False)

    tls_context = None
    if args.tls_cert:
        tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls_context.load_cert_chain(args.tls_cert, args.tls_key)

    handler = DovecotHandler(args, users)
    kw = dict(hostname=args.hostname, decode_data=False, enable_SMTPUTF8=True,
              data_size_limit=50 * 1024 * 1024, tls_context=tls_context, timeout=120)
    if args.auth != "off":
        kw.update(authenticator=authenticator, auth_require_tls=False,
                  auth_required=(args.auth == "required"))

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    server = loop.run_until_complete(
        loop.create_server(lambda: SMTP(handler, loop=loop, **kw), args.listen, args.port))
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    if args.pidfile:
        with open(args.pidfile + ".tmp", "w") as f:
            f.write("%d\n" % os.getpid())
        os.replace(args.pidfile + ".tmp", args.pidfile)
    log.info("listening on %s:%d (delivery=%s, auth=%s, starttls=%s)", args.listen, args.port,
             "lmtp" if args.lmtp else "lda", args.auth, bool(tls_context))
    loop.run_until_complete(stop.wait())
    server.close()
    loop.run_until_complete(server.wait_closed())
    if args.pidfile:
        try:
            os.unlink(args.pidfile)
        except FileNotFoundError:
            pass
    log.info("stopped")


if __name__ == "__main__":
    main()
