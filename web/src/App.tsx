import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { setUnauthorizedHandler } from './api/client.ts';
import { AlertsPage } from './assessments/AlertsPage.tsx';
import { ArchivesPage } from './assessments/ArchivesPage.tsx';
import { ChangePasswordPage } from './auth/ChangePasswordPage.tsx';
import { LoginPage } from './auth/LoginPage.tsx';
import { OtpPage } from './auth/OtpPage.tsx';
import { PatternLoginPage } from './auth/PatternLoginPage.tsx';
import { RequireSession } from './auth/RequireSession.tsx';
import { ME_KEY } from './auth/session.ts';
import { InboxPage } from './care-requests/InboxPage.tsx';
import { PatientCareRequests } from './care-requests/PatientCareRequests.tsx';
import { SentPage } from './care-requests/SentPage.tsx';
import { HomePage } from './home/HomePage.tsx';
import { NewThreadPage } from './messaging/NewThreadPage.tsx';
import { ThreadPage } from './messaging/ThreadPage.tsx';
import { ThreadsPage } from './messaging/ThreadsPage.tsx';
import { PatientFilePage } from './patients/PatientFilePage.tsx';
import { PatientsPage } from './patients/PatientsPage.tsx';
import { CreatePatternPage } from './pattern/CreatePatternPage.tsx';
import { cssVariablesResolver, theme } from './theme.ts';
import { Layout } from './ui/Layout.tsx';
import { NotFoundPage } from './ui/NotFoundPage.tsx';
import { ToastProvider } from './ui/toast.tsx';

// Screens most users never open load on demand.
const RegistrationPage = lazy(() =>
  import('./registration/RegistrationPage.tsx').then((m) => ({ default: m.RegistrationPage })),
);
const PscSignupPage = lazy(() =>
  import('./psc/PscSignupPage.tsx').then((m) => ({ default: m.PscSignupPage })),
);
const SupportPage = lazy(() => import('./support/SupportPage.tsx').then((m) => ({ default: m.SupportPage })));
const NewPatientPage = lazy(() =>
  import('./patients/NewPatientPage.tsx').then((m) => ({ default: m.NewPatientPage })),
);
const EditPatientPage = lazy(() =>
  import('./patients/EditPatientPage.tsx').then((m) => ({ default: m.EditPatientPage })),
);
const ActivityPage = lazy(() =>
  import('./preferences/ActivityPage.tsx').then((m) => ({ default: m.ActivityPage })),
);
const NotificationSchedulePage = lazy(() =>
  import('./preferences/NotificationSchedulePage.tsx').then((m) => ({ default: m.NotificationSchedulePage })),
);
const FillQuestionnairePage = lazy(() =>
  import('./assessments/FillQuestionnairePage.tsx').then((m) => ({ default: m.FillQuestionnairePage })),
);
const NewCareRequestPage = lazy(() =>
  import('./care-requests/NewCareRequestPage.tsx').then((m) => ({ default: m.NewCareRequestPage })),
);

const queryClient = new QueryClient({
  defaultOptions: {
    // No silent retries: on a slow network each try can take the full timeout; the user decides.
    queries: { retry: false, refetchOnWindowFocus: false, staleTime: 30_000 },
    mutations: { retry: false },
  },
});

// A 401 on an authenticated request means the session is gone: the guards then send the user to log in.
setUnauthorizedHandler(() => {
  queryClient.setQueryData(ME_KEY, null);
});

const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { path: '/connexion', element: <LoginPage /> },
      { path: '/connexion/code', element: <OtpPage /> },
      { path: '/connexion/schema', element: <PatternLoginPage /> },
      { path: '/inscription', element: <RegistrationPage /> },
      { path: '/inscription/e-cps', element: <PscSignupPage /> },
      {
        path: '/schema/nouveau',
        element: (
          <RequireSession>
            <CreatePatternPage />
          </RequireSession>
        ),
      },
      {
        path: '/mot-de-passe',
        element: (
          <RequireSession>
            <ChangePasswordPage />
          </RequireSession>
        ),
      },
      {
        path: '/',
        element: (
          <RequireSession role="professional">
            <HomePage />
          </RequireSession>
        ),
      },
      // Care requests (demandes de prise en charge).
      {
        path: '/demandes',
        element: (
          <RequireSession role="professional">
            <InboxPage />
          </RequireSession>
        ),
      },
      {
        path: '/demandes/envoyees',
        element: (
          <RequireSession role="professional">
            <SentPage />
          </RequireSession>
        ),
      },
      {
        path: '/patients/:id/demande',
        element: (
          <RequireSession role="professional">
            <NewCareRequestPage />
          </RequireSession>
        ),
      },
      // Patients en coordination and the patient file (D15, D16).
      {
        path: '/patients',
        element: (
          <RequireSession role="professional">
            <PatientsPage />
          </RequireSession>
        ),
      },
      {
        path: '/patients/nouveau',
        element: (
          <RequireSession role="professional">
            <NewPatientPage />
          </RequireSession>
        ),
      },
      {
        path: '/patients/:id',
        element: (
          <RequireSession role="professional">
            <PatientFilePage careRequests={(patient) => <PatientCareRequests patient={patient} />} />
          </RequireSession>
        ),
      },
      {
        path: '/patients/:id/modifier',
        element: (
          <RequireSession role="professional">
            <EditPatientPage />
          </RequireSession>
        ),
      },
      // Messagerie (D19); push notifications open /messagerie/:id.
      {
        path: '/messagerie',
        element: (
          <RequireSession role="professional">
            <ThreadsPage />
          </RequireSession>
        ),
      },
      {
        path: '/messagerie/nouveau',
        element: (
          <RequireSession role="professional">
            <NewThreadPage />
          </RequireSession>
        ),
      },
      {
        path: '/messagerie/:id',
        element: (
          <RequireSession role="professional">
            <ThreadPage />
          </RequireSession>
        ),
      },
      // Bilans and questionnaires (D17), alerts, "Mes archives" (D18).
      {
        path: '/patients/:id/questionnaire',
        element: (
          <RequireSession role="professional">
            <FillQuestionnairePage />
          </RequireSession>
        ),
      },
      {
        path: '/alertes',
        element: (
          <RequireSession role="professional">
            <AlertsPage />
          </RequireSession>
        ),
      },
      {
        path: '/archives',
        element: (
          <RequireSession role="professional">
            <ArchivesPage />
          </RequireSession>
        ),
      },
      // Profil activité: Pref. PeC (D5) and Pref. Notifs (D6).
      {
        path: '/preferences/pec',
        element: (
          <RequireSession role="professional">
            <ActivityPage />
          </RequireSession>
        ),
      },
      {
        path: '/preferences/notifications',
        element: (
          <RequireSession role="professional">
            <NotificationSchedulePage />
          </RequireSession>
        ),
      },
      {
        path: '/support',
        element: (
          <RequireSession role="support">
            <SupportPage />
          </RequireSession>
        ),
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

export function App() {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <QueryClientProvider client={queryClient}>
        <ToastProvider>
          <RouterProvider router={router} />
        </ToastProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
