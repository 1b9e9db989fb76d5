import { RegistrationCreated } from '@relais/contracts';
import { apiRequest } from '../api/client.ts';
import { toProfessionalInput, type ProfessionalFormValues } from '../professional/professional-form.ts';

export type RegistrationResult = ReturnType<typeof RegistrationCreated.parse>;

/** `POST /api/registrations` as multipart: plain fields by name, the address as `officeAddress.*`, the file as `proof`. */
export function register(
  values: ProfessionalFormValues,
  password: string,
  proof: File,
): Promise<RegistrationResult> {
  const { officeAddress, ...fields } = toProfessionalInput(values);
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('officeAddress.line', officeAddress.line);
  form.append('officeAddress.postalCode', officeAddress.postalCode);
  form.append('officeAddress.city', officeAddress.city);
  form.append('password', password);
  form.append('proof', proof, proof.name);
  return apiRequest('/api/registrations', { body: form, anonymous: true }, RegistrationCreated);
}
