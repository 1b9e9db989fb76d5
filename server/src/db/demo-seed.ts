import { sql } from 'drizzle-orm';
import { luhnKey } from '@relais/contracts';
import type { Clock } from '../clock.ts';
import { hashSecret } from '../accounts/passwords.ts';
import { nameKey } from '../accounts/user-view.ts';
import { rows, type Db } from './client.ts';
import { users } from './schema.ts';

/** Demo logins share one password; printed at start-up, never used outside the demo. */
export const DEMO_PASSWORD = 'Relais-demo-Evry-2026';
export const DEMO_SUPPORT = { email: 'support@demo.relais.test', phone: '+33600000001' };

// A territory around Évry-Courcouronnes (INSEE 91228): several professions, offices in nearby communes.
const PROFESSIONALS: [string, string, string, string, string, string][] = [
  ['Claire', 'Martin', '60', '12 rue de la Paix', '91000', 'Évry-Courcouronnes'],
  ['Karim', 'Benali', '60', '3 place des Terrasses', '91000', 'Évry-Courcouronnes'],
  ['Sophie', 'Nguyen', '60', '45 avenue Carnot', '91100', 'Corbeil-Essonnes'],
  ['Julie', 'Moreau', '60', '8 rue Pierre Brossolette', '91130', 'Ris-Orangis'],
  ['Thomas', 'Lefèvre', '60', '2 rue de Paris', '91090', 'Lisses'],
  ['Hélène', 'Dupont', '10', '1 boulevard de l’Europe', '91000', 'Évry-Courcouronnes'],
  ['Marc-Antoine', 'Girard', '10', '20 rue Feray', '91100', 'Corbeil-Essonnes'],
  ['Inès', 'Haddad', '70', '5 allée Jean Rostand', '91000', 'Évry-Courcouronnes'],
  ['Lucas', 'Roux', '70', '14 rue de la Mairie', '91070', 'Bondoufle'],
  ['Nadia', 'Fontaine', '21', '31 cours Blaise Pascal', '91000', 'Évry-Courcouronnes'],
  ['Camille', 'Le Gall', '50', '7 rue des Écoles', '91080', 'Évry-Courcouronnes'],
  ['Minh', 'Perrin', '91', '10 avenue de la Liberté', '91350', 'Grigny'],
];

export interface DemoProfessional {
  firstName: string;
  lastName: string;
  profession: string;
  office: { line: string; postalCode: string; city: string };
  identifier: string;
  email: string;
  phone: string;
}

/** The demo professionals with their logins (journeys and the console use the same list). */
export const DEMO_PROFESSIONALS: DemoProfessional[] = PROFESSIONALS.map(
  ([firstName, lastName, profession, line, postalCode, city], i) => {
    const body = '1099' + String(100000 + i).padStart(6, '0');
    return {
      firstName,
      lastName,
      profession,
      office: { line, postalCode, city },
      identifier: body + luhnKey(body),
      email: `${nameKey(firstName).replace(/ /g, '-')}.${nameKey(lastName).replace(/ /g, '-')}@demo.relais.test`,
      phone: `+3361234${String(5600 + i).padStart(4, '0')}`,
    };
  },
);

export interface DemoLogin {
  role: string;
  name: string;
  login: string;
  phone: string;
}

/** Seeds the demo territory into an empty database; does nothing when accounts already exist. */
export async function seedDemo(db: Db, clock: Clock): Promise<DemoLogin[] | null> {
  const [count] = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM users`);
  if ((count?.n ?? 0) > 0) return null;
  const passwordHash = await hashSecret(DEMO_PASSWORD);
  const now = clock.now();
  const logins: DemoLogin[] = [];
  await db.transaction(async (tx) => {
    await tx.insert(users).values({
      role: 'support',
      status: 'active',
      firstName: 'Support',
      lastName: 'Relais',
      nameKey: nameKey('Relais', 'Support'),
      email: DEMO_SUPPORT.email,
      mobilePhone: DEMO_SUPPORT.phone,
      passwordHash,
      createdAt: now,
      updatedAt: now,
      approvedAt: now,
    });
    logins.push({
      role: 'support',
      name: 'Support Relais',
      login: DEMO_SUPPORT.email,
      phone: DEMO_SUPPORT.phone,
    });
    for (const p of DEMO_PROFESSIONALS) {
      await tx.insert(users).values({
        role: 'professional',
        status: 'active',
        identifierType: 'rpps',
        identifier: p.identifier,
        profession: p.profession,
        firstName: p.firstName,
        lastName: p.lastName,
        nameKey: nameKey(p.lastName, p.firstName),
        email: p.email,
        mobilePhone: p.phone,
        officeLine: p.office.line,
        officePostalCode: p.office.postalCode,
        officeCity: p.office.city,
        network: 'CPTS Cœur d’Essonne',
        passwordHash,
        createdAt: now,
        updatedAt: now,
        approvedAt: now,
      });
      logins.push({
        role: `professional ${p.profession}`,
        name: `${p.firstName} ${p.lastName}`,
        login: p.email,
        phone: p.phone,
      });
    }
  });
  return logins;
}
