import { useLocation } from "react-router";
import { useSession } from "../../../auth/useSession";
import { problemMessage } from "../../../lib/problem";
import { Button } from "../../../ui/Button";
import { useMe, useSendLink } from "../api";

/**
 * Under the header while the signed-in account's email is not confirmed:
 * what it is for and a way to get the link again (ADR 0041).
 */
export function VerifyBanner() {
  const session = useSession();
  const me = useMe(Boolean(session.tokens));
  const send = useSendLink("verification");
  const { pathname } = useLocation();
  if (!session.tokens || !me.data || me.data.email_verified || pathname === "/verify-email") {
    return null;
  }
  const email = me.data.email;
  return (
    <div className="border-t border-amber-200 bg-amber-50 dark:border-amber-900 dark:bg-amber-950">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2 text-sm text-amber-950 sm:px-6 dark:text-amber-100">
        <p className="min-w-0 flex-1">
          <strong className="font-semibold">Confirm your email</strong> to check out: we sent a link
          to <span className="break-all">{email}</span>.
        </p>
        {send.isSuccess ? (
          <p role="status">A new link is on its way.</p>
        ) : (
          <Button
            size="sm"
            loading={send.isPending}
            onClick={() => send.mutate(email)}
            aria-describedby={send.isError ? "verify-banner-error" : undefined}
          >
            Send the link again
          </Button>
        )}
        {send.isError && (
          <p
            id="verify-banner-error"
            role="alert"
            className="w-full text-red-800 dark:text-red-300"
          >
            {problemMessage(send.error)}
          </p>
        )}
      </div>
    </div>
  );
}
