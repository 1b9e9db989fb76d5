import { sql } from 'drizzle-orm';
import { rows, type Tx } from '../db/client.ts';
import type { Deps } from '../deps.ts';
import { enqueue } from '../notifications/enqueue.ts';
import { PROFESSIONS } from '@relais/contracts';
import { openIdentity } from '../patients/patient-records.ts';

/**
 * D15 — a médecin traitant who is not a Relais user but has an MSSanté mailbox in the national directory is told,
 * there, that care is being provided to their patient and by whom. No health detail: neither the care type nor
 * the description. Leaves through the outbox (SMTP to the MSSanté operator).
 */
export async function informTreatingDoctorByMail(tx: Tx, deps: Deps, patientId: string, acceptorId: string) {
  const [target] = await rows<{
    identity: Uint8Array;
    national_id: string;
    address: string;
    doctor_first: string;
    doctor_last: string;
  }>(
    tx,
    sql`SELECT p.identity, p.treating_doctor_national_id AS national_id, m.address,
               d.first_name AS doctor_first, d.last_name AS doctor_last
        FROM patients p
        JOIN directory_mssante m ON m.national_id = p.treating_doctor_national_id
        JOIN directory_persons d ON d.national_id = p.treating_doctor_national_id
        WHERE p.id = ${patientId} AND p.treating_doctor_user_id IS NULL
        ORDER BY m.address LIMIT 1`,
  );
  if (!target) return;
  const [acceptor] = await rows<{
    first_name: string;
    last_name: string;
    profession: string;
    mobile_phone: string | null;
    email: string;
  }>(
    tx,
    sql`SELECT first_name, last_name, profession, mobile_phone, email FROM users WHERE id = ${acceptorId}`,
  );
  if (!acceptor) return;
  const patient = openIdentity(deps.cipher, { id: patientId, identity: Buffer.from(target.identity) });
  const birth = new Date(`${patient.birthDate}T00:00:00Z`).toLocaleDateString('fr-FR', { timeZone: 'UTC' });
  const profession = (PROFESSIONS as Record<string, string | undefined>)[acceptor.profession];
  await enqueue(tx, deps.clock, deps.cipher, {
    channel: 'email',
    recipient: target.address,
    kind: 'treating_doctor.care_started',
    subject: `Prise en charge de votre patient(e) ${patient.lastName.toUpperCase()} ${patient.firstName}`,
    body: [
      `Bonjour Docteur ${target.doctor_last},`,
      `Nous vous informons qu'une prise en charge a débuté pour votre patient(e) ${patient.firstName} ${patient.lastName.toUpperCase()}, né(e) le ${birth}.`,
      `Elle est assurée par ${acceptor.first_name} ${acceptor.last_name}${profession ? `, ${profession.toLowerCase()}` : ''}` +
        `${acceptor.mobile_phone ? `, joignable au ${acceptor.mobile_phone}` : ''} ou par e-mail à ${acceptor.email}.`,
      'Vous recevez ce message parce que vous êtes indiqué(e) comme médecin traitant de ce patient sur Relais, la plateforme de coordination des soins entre professionnels de santé.',
      '— Relais',
    ].join('\n\n'),
    idempotencyKey: `treating_doctor.care_started:${patientId}:${acceptorId}`,
  });
}
