import { Provider } from '@nestjs/common';
import { PeoplePersonData, PersonDataPart } from '@chorus/people';
import { SignaturesPersonData } from '@chorus/campaigns';
import { DeliveriesPersonData } from '@chorus/mailings';
import { TasksPersonData } from '@chorus/outreach';
import { RegistryWorksPersonData, TdmReservationsPersonData } from '@chorus/registry';

/** Every area's part of what Chorus holds about a person (export, merge, erasure, activity). */
export const PERSON_DATA_PARTS = Symbol('PERSON_DATA_PARTS');

export const personDataPartsProvider: Provider = {
  provide: PERSON_DATA_PARTS,
  inject: [
    PeoplePersonData,
    SignaturesPersonData,
    DeliveriesPersonData,
    TasksPersonData,
    RegistryWorksPersonData,
    TdmReservationsPersonData,
  ],
  useFactory: (...parts: PersonDataPart[]) => parts,
};
