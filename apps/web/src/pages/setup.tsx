import { MIN_PASSWORD_LENGTH } from "@helpdesk/contracts/constants";
import { useQueryClient } from "@tanstack/react-query";
import { useSession } from "../session/session.tsx";
import { setupKey } from "../session/setup.ts";
import { AuthForm } from "./auth-form.tsx";

/**
 * A new installation's first screen: whoever installed it makes the administrator account here,
 * knowingly, instead of finding out later that the first sign-up became admin.
 */
export function SetupPage() {
  const { signUp } = useSession();
  const queryClient = useQueryClient();
  return (
    <AuthForm
      title="Set up Helpdesk"
      intro={
        <p>
          This installation has no administrator yet. The account you create now runs it: it decides who is a
          moderator or an admin, gives moderators their skills and sees every ticket.
        </p>
      }
      submitLabel="Create the administrator account"
      passwordAutoComplete="new-password"
      passwordHint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
      onSubmit={async (details) => {
        const user = await signUp(details);
        queryClient.setQueryData(setupKey, { needsSetup: false });
        return user;
      }}
    />
  );
}
