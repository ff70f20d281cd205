// The app's top level: the address decides between the join flow (/join?token=…, the invitation → lobby →
// meeting path), first-run setup (/setup?token=…), the public signature check (/verify) and the signed-in office (home, scheduling, history, search,
// administration). Moves between them go through the router, without reloading the page.
import { OfficeApp } from '../features/office/OfficeApp.tsx';
import { SetupPage } from '../features/office/auth/SetupPage.tsx';
import { VerifyPage } from '../features/minutes/VerifyPage.tsx';
import { JoinFlow } from './JoinFlow.tsx';
import { useLocationHref, useRoute } from './router.tsx';

export function App() {
  const route = useRoute();
  const href = useLocationHref();
  switch (route.name) {
    case 'join': {
      const search = new URL(href, 'http://local').search;
      // Keyed by the link: another invitation opened in place starts its own flow (the old one ends its session).
      return <JoinFlow key={search} search={search} />;
    }
    case 'setup':
      return <SetupPage token={route.token} />;
    case 'verify':
      // Open to anyone, signed in or not: the public signature check.
      return <VerifyPage />;
    default:
      return <OfficeApp route={route} />;
  }
}
