import { MIN_PASSWORD_LENGTH } from "@helpdesk/contracts/constants";
import { Link } from "react-router";
import { useSession } from "../session/session.tsx";
import { AuthForm } from "./auth-form.tsx";

export function SignUpPage() {
  const { signUp } = useSession();
  return (
    <AuthForm
      title="Create your account"
      submitLabel="Sign up"
      passwordAutoComplete="new-password"
      passwordHint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
      onSubmit={signUp}
      footer={
        <>
          Already have an account?{" "}
          <Link to="/signin" className="link link-primary">
            Sign in
          </Link>
        </>
      }
    />
  );
}
