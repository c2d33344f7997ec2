import { SignupForm } from '../auth-forms';

export const metadata = { title: 'Create account' };

export default function SignupPage() {
  return <SignupForm />;
}
