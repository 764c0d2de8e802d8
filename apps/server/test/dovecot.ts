import { execFile, spawn } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { ImapFlow } from "imapflow";
import { freePort } from "./free-port.ts";
import { waitFor } from "./wait-for.ts";

const run = promisify(execFile);

/** Where Debian's dovecot-imapd puts the server, when it is installed. */
const DOVECOT = ["/usr/sbin/dovecot", "/usr/bin/dovecot"].find((path) => existsSync(path));

/**
 * Why the IMAP tests cannot run here, or undefined when they can. Outside CI a missing dovecot skips
 * them with this message; in CI (CI set, or HELPDESK_E2E=required) it fails them: CI installs it.
 */
export function dovecotMissing(): string | undefined {
  return DOVECOT ? undefined : "dovecot is not installed (apt-get install -y dovecot-imapd)";
}

export const dovecotRequired = Boolean(process.env.CI) || process.env.HELPDESK_E2E === "required";

export type Dovecot = {
  port: number;
  user: string;
  password: string;
  /** IMAP_URL for the helpdesk. */
  url: string;
  /** Stops the server: clients lose their connection, the mail stays. */
  stop(): Promise<void>;
  /** Starts it again on the same port and mail folder. */
  start(): Promise<void>;
  /** Puts a raw message in a folder, as a mail server delivering it would (IMAP APPEND). */
  append(raw: string | Buffer, folder?: string): Promise<void>;
  /** How many messages a folder holds, and how many of them are unseen. */
  count(folder?: string): Promise<{ messages: number; unseen: number }>;
  remove(): Promise<void>;
};

/**
 * A private dovecot on a free port with its own config, state and mail folder under a temporary
 * directory (plain-text login, one user, any password "secret"), as DESIGN.md's notes describe.
 */
export async function startDovecot(): Promise<Dovecot> {
  if (!DOVECOT) throw new Error(dovecotMissing());
  const dir = mkdtempSync(join(tmpdir(), "helpdesk-dovecot-"));
  chmodSync(dir, 0o755);
  const mail = join(dir, "mail");
  mkdirSync(mail);
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot
    ? {
        uid: Number((await run("id", ["-u", "dovecot"])).stdout),
        gid: Number((await run("id", ["-g", "dovecot"])).stdout),
      }
    : { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
  chownSync(mail, owner.uid, owner.gid);
  const config = join(dir, "dovecot.conf");
  writeFileSync(
    config,
    [
      "protocols = imap",
      "listen = 127.0.0.1",
      `base_dir = ${dir}/run`,
      `state_dir = ${dir}/state`,
      `log_path = ${dir}/dovecot.log`,
      `info_log_path = ${dir}/dovecot.log`,
      "ssl = no",
      "disable_plaintext_auth = no",
      "auth_mechanisms = plain login",
      "first_valid_uid = 1",
      "first_valid_gid = 1",
      `mail_location = maildir:${mail}/%u`,
      ...(asRoot
        ? []
        : [
            `default_internal_user = ${process.env.USER ?? "nobody"}`,
            `default_login_user = ${process.env.USER ?? "nobody"}`,
          ]),
      "service imap-login {",
      `  inet_listener imap {`,
      `    port = ${port}`,
      "  }",
      "}",
      "passdb {",
      "  driver = static",
      "  args = password=secret",
      "}",
      "userdb {",
      "  driver = static",
      `  args = uid=${owner.uid} gid=${owner.gid} home=${mail}/%u`,
      "}",
      "",
    ].join("\n"),
  );
  const user = "support";
  const password = "secret";
  const connect = async () => {
    const client = new ImapFlow({
      host: "127.0.0.1",
      port,
      secure: false,
      auth: { user, pass: password },
      logger: false,
    });
    await client.connect();
    return client;
  };
  const start = async () => {
    await startDaemon(DOVECOT, ["-c", config]);
    await waitFor(
      async () => {
        try {
          const client = await connect();
          await client.logout();
          return true;
        } catch {
          return false;
        }
      },
      { what: "dovecot to accept logins", timeoutMs: 15_000 },
    );
  };
  const stop = async () => {
    await run(DOVECOT, ["-c", config, "stop"]).catch(() => undefined);
    await waitFor(() => !existsSync(join(dir, "run", "master.pid")), { what: "dovecot to stop" });
  };
  await start();
  return {
    port,
    user,
    password,
    url: `imap://${user}:${password}@127.0.0.1:${port}`,
    stop,
    start,
    async append(raw, folder = "INBOX") {
      const client = await connect();
      try {
        await client.mailboxCreate(folder).catch(() => undefined);
        await client.append(folder, raw);
      } finally {
        await client.logout();
      }
    },
    async count(folder = "INBOX") {
      const client = await connect();
      try {
        const status = await client.status(folder, { messages: true, unseen: true });
        return status
          ? { messages: status.messages ?? 0, unseen: status.unseen ?? 0 }
          : { messages: 0, unseen: 0 };
      } finally {
        await client.logout();
      }
    },
    async remove() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs a program that forks into the background: done when the foreground process exits. */
function startDaemon(program: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    // No pipes: the daemon would hold them open, and whoever waits for them would wait for ever.
    const child = spawn(program, args, { stdio: "ignore" });
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${program} exited with ${code}`)),
    );
  });
}
