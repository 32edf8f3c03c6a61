import { formatDateTime, formatRelative } from "../../../lib/format";
import { Badge } from "../../../ui/Badge";
import { Button } from "../../../ui/Button";
import { useConfirm } from "../../../ui/confirm";
import { ErrorState, Loading } from "../../../ui/states";
import { useEndSession, useSessions } from "../api";

/** Where this account is signed in, with a way to sign another device out. */
export function Sessions({ className }: { className: string }) {
  const sessions = useSessions();
  const end = useEndSession();
  const confirm = useConfirm();
  return (
    <section aria-labelledby="sessions" className={`${className} space-y-4`}>
      <h2 id="sessions" className="text-lg font-semibold">
        Signed-in devices
      </h2>
      {sessions.isPending ? (
        <Loading label="Loading your devices" rows={2} />
      ) : sessions.error ? (
        <ErrorState error={sessions.error} retry={() => void sessions.refetch()} />
      ) : (
        <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {sessions.data.map((s) => {
            const name =
              s.device.browser === "Unknown"
                ? "An unknown device"
                : `${s.device.browser} on ${s.device.os === "Unknown" ? "an unknown system" : s.device.os}`;
            return (
              <li key={s.id} className="flex flex-wrap items-center gap-x-4 gap-y-2 py-3">
                <div className="min-w-0 flex-1">
                  <p className="flex flex-wrap items-center gap-2 font-medium">
                    {name}
                    {s.current && <Badge tone="info">This device</Badge>}
                  </p>
                  <p className="text-sm text-zinc-600 dark:text-zinc-400">
                    {s.ip ? `${s.ip} · ` : ""}
                    <span title={formatDateTime(s.last_used_at)}>
                      active {formatRelative(s.last_used_at)}
                    </span>{" "}
                    · signed in {formatDateTime(s.created_at)}
                  </p>
                </div>
                {!s.current && (
                  <Button
                    size="sm"
                    aria-label={`Sign out ${name}`}
                    loading={end.isPending && end.variables === s.id}
                    onClick={async () => {
                      const ok = await confirm({
                        title: "Sign this device out?",
                        description: `${name} will need to sign in again within 15 minutes.`,
                        confirmLabel: "Sign out",
                        cancelLabel: "Keep it",
                      });
                      if (ok) end.mutate(s.id);
                    }}
                  >
                    Sign out
                  </Button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
