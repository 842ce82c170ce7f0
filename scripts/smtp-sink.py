#!/usr/bin/python3
"""A loopback SMTP server that stores what it receives, for tests and local demos.

Usage:
    /usr/bin/python3 scripts/smtp-sink.py --dir DIR [--port N] [--auth USER:PASSWORD]
                                          [--tls starttls|implicit --cert CERT.pem --key KEY.pem]
                                          [--banner-token TEXT]

Listens on 127.0.0.1 only. With --port 0 (the default) the kernel picks a free port. Once the socket is
listening, the first line on stdout is `LISTENING 127.0.0.1:PORT`, so a caller can wait for it instead
of sleeping.

Each accepted message becomes two files in DIR, each written atomically (temp file, then rename):
    NNNNNN.eml   the message as received (after SMTP dot-unstuffing)
    NNNNNN.json  envelope sender and recipients, the connection number, the EHLO name, and the message
                 as Python's `email` package decodes it (subject, addresses, text and HTML parts, defects)
The .json file is written last: when it exists, both are complete.

Recipients whose local part starts with `reject` are refused with 550, with `tempfail` with 451; for a
message to one starting with `hang` the server never answers after the data (a server that hangs); to
one starting with `slow` it stores the message, then waits 2 s before its 250 (a slow server, whose
client meanwhile sees the message stored but not yet accepted).
With --auth, clients must authenticate (PLAIN or LOGIN, allowed without TLS: loopback only).
With --tls starttls the server offers STARTTLS and refuses mail sent without it; with --tls implicit it
speaks TLS from the first byte (smtps). The .json records whether a message came over TLS.
SIGTERM or SIGINT stops the server cleanly (exit status 0), and so does the death of the process that
started it. With --banner-token the 220 greeting carries that text, so a caller can check that the port
it was told is served by this very sink.

Debian: apt-get install python3-aiosmtpd. Run it with /usr/bin/python3, which is the interpreter that
package installs into.
"""

import argparse
import asyncio
import email
import email.header
import email.policy
import itertools
import json
import logging
import os
import signal
import ssl
import sys
import tempfile
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def write_atomically(path, data):
    directory = os.path.dirname(path)
    fd, temporary = tempfile.mkstemp(dir=directory, prefix=".incoming-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.rename(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def part_content(message, subtype):
    part = message.get_body(preferencelist=(subtype,))
    if part is None:
        return None
    return {
        "content": part.get_content().replace("\r\n", "\n"),
        "charset": part.get_content_charset(),
        "transfer_encoding": part.get("Content-Transfer-Encoding"),
        "defects": [repr(defect) for defect in part.defects],
    }


def rfc2047_decoded(message, name):
    # email.header's decoder follows RFC 2047 to the letter; the default policy's address parser keeps
    # the folding space between two adjacent encoded-words of a display name, which the RFC says to drop.
    raw = message.get(name)
    if raw is None:
        return None
    unfolded = str(raw).replace("\r\n", "").replace("\n", "")
    return str(email.header.make_header(email.header.decode_header(unfolded)))


def describe(raw):
    message = email.message_from_bytes(raw, policy=email.policy.default)
    legacy = email.message_from_bytes(raw, policy=email.policy.compat32)
    return {
        "rfc2047": {name: rfc2047_decoded(legacy, name) for name in ("From", "To", "Subject")},
        "message_id": message.get("Message-ID"),
        "subject": message.get("Subject"),
        "from": message.get("From"),
        "to": message.get("To"),
        "date": message.get("Date"),
        "content_type": message.get_content_type(),
        "headers": [[name, str(value)] for name, value in message.items()],
        "raw_headers": [[name, value] for name, value in message.raw_items()],
        "defects": [repr(defect) for defect in message.defects],
        "text": part_content(message, "plain"),
        "html": part_content(message, "html"),
    }


class SinkHandler:
    def __init__(self, directory):
        self.directory = directory
        self.messages = itertools.count(1)
        self.connections = itertools.count(1)

    def connection_number(self, session):
        # One aiosmtpd session per TCP connection: lets tests see whether a client reused its connection.
        if not hasattr(session, "sink_connection"):
            session.sink_connection = next(self.connections)
        return session.sink_connection

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.connection_number(session)
        local_part = address.split("@", 1)[0].lower()
        if local_part.startswith("reject"):
            return "550 5.1.1 <%s>: recipient rejected by smtp-sink" % address
        if local_part.startswith("tempfail"):
            return "451 4.3.0 <%s>: mailbox busy, try again later" % address
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        if any(address.split("@", 1)[0].lower().startswith("hang") for address in envelope.rcpt_tos):
            await asyncio.Event().wait()  # never answers; the client's timeout or its hanging up ends it
        number = next(self.messages)
        raw = envelope.original_content if envelope.original_content is not None else envelope.content
        stem = os.path.join(self.directory, "%06d" % number)
        record = {
            "sequence": number,
            "connection": self.connection_number(session),
            "helo": session.host_name,
            "authenticated": bool(session.authenticated),
            "tls": session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None,
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "size": len(raw),
        }
        try:
            record.update(describe(raw))
        except Exception as error:  # a message Python cannot parse is still kept, with the reason
            record["parse_error"] = repr(error)
        write_atomically(stem + ".eml", raw)
        write_atomically(stem + ".json", json.dumps(record, ensure_ascii=False, indent=2).encode("utf-8"))
        if any(address.split("@", 1)[0].lower().startswith("slow") for address in envelope.rcpt_tos):
            await asyncio.sleep(2)
        return "250 2.0.0 Stored as %06d" % number


def make_authenticator(expected_user, expected_password):
    def authenticate(server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword):
            user = auth_data.login.decode("utf-8", "replace")
            password = auth_data.password.decode("utf-8", "replace")
            if user == expected_user and password == expected_password:
                return AuthResult(success=True)
        return AuthResult(success=False, handled=False)

    return authenticate


async def stop_when_orphaned(stop):
    # A test process that crashes cannot stop its sinks; the sink notices it was handed to another
    # parent and stops by itself.
    parent = os.getppid()
    while os.getppid() == parent:
        await asyncio.sleep(0.5)
    stop.set()


async def serve(arguments):
    os.makedirs(arguments.dir, exist_ok=True)
    handler = SinkHandler(arguments.dir)
    ident = "awards smtp-sink" + (" " + arguments.banner_token if arguments.banner_token else "")
    smtp_options = {"hostname": "smtp-sink.local", "ident": ident}
    if arguments.auth:
        user, _, password = arguments.auth.partition(":")
        # Loopback only, so AUTH without TLS is what we want; aiosmtpd's warnings about it are noise here.
        warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
        logging.getLogger("mail.log").setLevel(logging.ERROR)
        smtp_options.update(
            authenticator=make_authenticator(user, password),
            auth_required=True,
            auth_require_tls=False,
        )

    implicit_tls = None
    if arguments.tls:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(arguments.cert, arguments.key)
        if arguments.tls == "starttls":
            smtp_options.update(tls_context=context, require_starttls=True)
        else:
            implicit_tls = context

    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(handler, **smtp_options), host="127.0.0.1", port=arguments.port, ssl=implicit_tls
    )
    port = server.sockets[0].getsockname()[1]

    stop = asyncio.Event()
    stop_signals = {signal.SIGTERM, signal.SIGINT}
    for signal_number in stop_signals:
        loop.add_signal_handler(signal_number, stop.set)
    # A parent that spawns us from a thread with these signals blocked (Foundation's Process on Linux,
    # from a dispatch worker) passes the mask on; blocked, SIGTERM would stay pending for ever.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, stop_signals)
    # Only now: a caller may send SIGTERM as soon as it reads this line.
    print("LISTENING 127.0.0.1:%d" % port, flush=True)
    watching = asyncio.create_task(stop_when_orphaned(stop))
    await stop.wait()
    watching.cancel()
    server.close()
    await server.wait_closed()


def main():
    parser = argparse.ArgumentParser(description="Loopback SMTP sink that stores each message as a file.")
    parser.add_argument("--port", type=int, default=0, help="TCP port on 127.0.0.1; 0 picks a free one")
    parser.add_argument("--dir", required=True, help="folder where received messages are stored")
    parser.add_argument("--auth", metavar="USER:PASSWORD", help="require AUTH with these credentials")
    parser.add_argument("--tls", choices=("starttls", "implicit"), help="require STARTTLS, or speak TLS from the start")
    parser.add_argument("--cert", help="PEM certificate for --tls")
    parser.add_argument("--key", help="PEM private key for --tls")
    parser.add_argument("--banner-token", help="text added to the 220 greeting, so a caller can tell this sink from another")
    arguments = parser.parse_args()
    if arguments.tls and not (arguments.cert and arguments.key):
        parser.error("--tls needs --cert and --key")
    asyncio.run(serve(arguments))
    return 0


if __name__ == "__main__":
    sys.exit(main())
