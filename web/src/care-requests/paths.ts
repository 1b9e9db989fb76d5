/** Where the care-request screens live (App.tsx routes them; links and navigations use these). */
export const INBOX_PATH = '/demandes';
export const SENT_PATH = '/demandes/envoyees';
export const newRequestPath = (patientId: string) => `/patients/${encodeURIComponent(patientId)}/demande`;

/** After "Accepter": the patient's full file (D12), with the accepted request in its care-request slot. */
export function acceptedFilePath(patientId: string, requestId: string): string {
  return `/patients/${encodeURIComponent(patientId)}?demande=${encodeURIComponent(requestId)}`;
}
