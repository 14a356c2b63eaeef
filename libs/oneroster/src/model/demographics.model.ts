import { BaseRecord, DateString, ExtValue, baseRequiredFields, fieldsOf } from './base.model';

export const sexValues = ['male', 'female', 'unspecified', 'other'] as const;
export type Sex = (typeof sexValues)[number] | ExtValue;

/** OneRoster 1.2 Demographics; sourcedId normally equals the user's sourcedId. */
export interface Demographics extends BaseRecord {
  birthDate?: DateString;
  sex?: Sex;
  americanIndianOrAlaskaNative?: boolean;
  asian?: boolean;
  blackOrAfricanAmerican?: boolean;
  nativeHawaiianOrOtherPacificIslander?: boolean;
  white?: boolean;
  demographicRaceTwoOrMoreRaces?: boolean;
  hispanicOrLatinoEthnicity?: boolean;
  countryOfBirthCode?: string;
  stateOfBirthAbbreviation?: string;
  cityOfBirth?: string;
  publicSchoolResidenceStatus?: string;
}

export const demographicsFields = fieldsOf<Demographics>()({
  required: [...baseRequiredFields],
  optional: [
    'metadata',
    'birthDate',
    'sex',
    'americanIndianOrAlaskaNative',
    'asian',
    'blackOrAfricanAmerican',
    'nativeHawaiianOrOtherPacificIslander',
    'white',
    'demographicRaceTwoOrMoreRaces',
    'hispanicOrLatinoEthnicity',
    'countryOfBirthCode',
    'stateOfBirthAbbreviation',
    'cityOfBirth',
    'publicSchoolResidenceStatus',
  ],
});
