/**
 * Loads the demo plant through the modules' services, in one transaction: either the whole
 * plant is there or nothing is. Only into an empty plant (no items, no work centers). Its opening
 * stock goes through the stock ledger, as adjustments.
 */
import { randomBytes } from 'node:crypto';
import { count } from 'drizzle-orm';
import { BomService } from '../modules/catalog/bom-service';
import { CalendarService } from '../modules/catalog/calendar-service';
import { ItemService } from '../modules/catalog/item-service';
import { RoutingService } from '../modules/catalog/routing-service';
import { SetupMatrixService } from '../modules/catalog/setup-matrix-service';
import { items } from '../modules/catalog/tables/items';
import { workCenters as workCenterTable } from '../modules/catalog/tables/work-centers';
import { WorkCenterService } from '../modules/catalog/work-center-service';
import { IdentityService } from '../modules/identity/service';
import { InventoryService } from '../modules/inventory/service';
import { ReasonCodeService } from '../modules/production/reason-codes';
import { SupplierService } from '../modules/purchasing/service';
import { InspectionService } from '../modules/quality/inspection-service';
import { ConfiguratorService } from '../modules/sales/configurator/service';
import { CustomerService } from '../modules/sales/service';
import { type Actor, systemActor } from '../platform/audit';
import type { Db } from '../platform/db/database';
import {
  DEMO_VALID_FROM,
  demoBoms,
  demoCalendars,
  demoConfiguratorModels,
  demoCustomers,
  demoHolidays,
  demoInspectionPlans,
  demoInstructions,
  demoItems,
  demoOpeningStock,
  demoOperators,
  demoReasonCodes,
  demoRoutings,
  demoSetupMatrices,
  demoStockLocations,
  demoSuppliers,
  demoWorkCenters,
} from './demo-plant-data';

export class DemoPlant {
  constructor(private readonly db: Db) {}

  async isEmpty(): Promise<boolean> {
    const [[itemCount], [wcCount]] = await Promise.all([
      this.db.select({ n: count() }).from(items),
      this.db.select({ n: count() }).from(workCenterTable),
    ]);
    return itemCount.n === 0 && wcCount.n === 0;
  }

  /** Loads the demo plant when the plant is empty; returns whether it loaded. */
  async seedIfEmpty(actor: Actor = systemActor): Promise<boolean> {
    if (!(await this.isEmpty())) return false;
    await this.db.transaction(async (tx) => {
      const itemService = new ItemService(tx);
      const bomService = new BomService(tx);
      const routingService = new RoutingService(tx);
      const wcService = new WorkCenterService(tx);
      const calendarService = new CalendarService(tx);
      const matrixService = new SetupMatrixService(tx);

      const calendarIds = {} as Record<keyof typeof demoCalendars, string>;
      for (const [key, def] of Object.entries(demoCalendars) as [
        keyof typeof demoCalendars,
        (typeof demoCalendars)['twoShifts'],
      ][]) {
        const created = await calendarService.create(actor, {
          ...def,
          holidays: demoHolidays,
          exceptions: [],
        });
        calendarIds[key] = created.id;
      }
      const matrixIds = {} as Record<keyof typeof demoSetupMatrices, string>;
      for (const [key, def] of Object.entries(demoSetupMatrices) as [
        keyof typeof demoSetupMatrices,
        (typeof demoSetupMatrices)['dies'],
      ][]) {
        matrixIds[key] = (await matrixService.create(actor, def)).id;
      }
      const wcIds = new Map<string, string>();
      for (const wc of demoWorkCenters) {
        const created = await wcService.create(actor, {
          code: wc.code,
          name: wc.name,
          machines: wc.machines,
          operationsPerMachine: wc.operationsPerMachine ?? 1,
          calendarId: calendarIds[wc.calendar],
          efficiency: wc.efficiency,
          costRates: { machine: wc.rates[0], labour: wc.rates[1], setup: wc.rates[2], currency: 'EUR' },
          setupMatrixId: wc.setupMatrix ? matrixIds[wc.setupMatrix] : null,
        });
        wcIds.set(wc.code, created.id);
      }

      const itemIds = new Map<string, string>();
      for (const { cost, ...item } of demoItems) {
        const created = await itemService.create(actor, {
          strategy: 'MTO',
          uom: 'pcs',
          configurable: false,
          lotSizing: { rule: 'lot-for-lot', quantity: null },
          safetyStock: 0,
          scrapFactor: 0,
          ...item,
          standardCost: { amount: cost, currency: 'EUR' },
        });
        itemIds.set(item.number, created.id);
      }
      const idOf = (number: string) => {
        const id = itemIds.get(number);
        if (!id) throw new Error(`demo plant data: unknown item ${number}`);
        return id;
      };

      for (const [parent, lines] of Object.entries(demoBoms)) {
        const draft = await bomService.create(actor, idOf(parent), {
          revision: 'A',
          lines: lines.map((l, i) => ({
            position: (i + 1) * 10,
            childItemId: idOf(l.child),
            quantityPer: l.quantity,
            scrapFactor: l.scrap ?? 0,
            operationNumber: l.operation ?? null,
            condition: l.condition ?? null,
            quantityFormula: l.quantityFormula ?? null,
          })),
        });
        await bomService.release(actor, draft.id, draft.version, DEMO_VALID_FROM);
      }

      for (const [itemNumber, operations] of Object.entries(demoRoutings)) {
        const draft = await routingService.create(actor, idOf(itemNumber), {
          revision: 'A',
          operations: operations.map((o) => ({
            number: o.number,
            name: o.name,
            workCenterId: wcIds.get(o.workCenter)!,
            alternatives: (o.alternatives ?? []).map((a) => ({
              workCenterId: wcIds.get(a.workCenter)!,
              speedFactor: a.speedFactor,
            })),
            setupMinutes: o.setup,
            runMinutesPerUnit: o.run,
            queueMinutes: o.queue ?? 0,
            moveMinutes: o.move ?? 0,
            predecessors: o.predecessors ?? null,
            shiftRule: o.shiftRule ?? 'span',
            instructions: demoInstructions[o.workCenter] ?? '',
            drawingUrl: null,
          })),
        });
        await routingService.release(actor, draft.id, draft.version, DEMO_VALID_FROM);
        // the inspection operations' plans: what the terminal asks the inspector to measure
        for (const [number, characteristics] of Object.entries(demoInspectionPlans[itemNumber] ?? {})) {
          const op = draft.operations.find((o) => o.number === number);
          if (!op) throw new Error(`demo plant data: ${itemNumber} has no operation ${number}`);
          await new InspectionService(tx).createCharacteristics(actor, op.id, characteristics);
        }
      }

      const configuratorService = new ConfiguratorService(tx);
      for (const [itemNumber, model] of Object.entries(demoConfiguratorModels)) {
        await configuratorService.save(actor, idOf(itemNumber), 0, model);
      }

      const supplierService = new SupplierService(tx);
      for (const s of demoSuppliers) {
        const created = await supplierService.create(actor, {
          number: s.number,
          name: s.name,
          address: { street: '', postalCode: '', city: s.city, country: s.country },
          contacts: [],
          currency: 'EUR',
          paymentTerms: '30 days net',
          defaultLeadTimeDays: s.leadTimeDays,
        });
        for (const [itemNumber, [leadTimeDays, moq, multiple, price, preferred]] of Object.entries(
          s.supplies,
        )) {
          await supplierService.createTerms(actor, {
            itemId: idOf(itemNumber),
            supplierId: created.id,
            supplierPartNumber: null,
            leadTimeDays,
            minimumOrderQuantity: moq,
            orderMultiple: multiple,
            priceBreaks: [
              { fromQuantity: moq, unitPrice: price },
              { fromQuantity: moq * 4, unitPrice: Math.round(price * 0.92) },
            ],
            currency: 'EUR',
            preferred,
          });
        }
      }
      const customerService = new CustomerService(tx);
      for (const c of demoCustomers) {
        await customerService.create(actor, {
          number: c.number,
          name: c.name,
          vatId: c.vatId,
          currency: 'EUR',
          paymentTerms: '30 days net',
          contacts: [],
          deliveryAddresses: [
            {
              label: 'Plant',
              street: c.street,
              postalCode: c.postalCode,
              city: c.city,
              country: c.country,
              isDefault: true,
            },
          ],
        });
      }

      const inventory = new InventoryService(tx);
      const locationIds = new Map<string, string>();
      for (const location of demoStockLocations)
        locationIds.set(location.code, (await inventory.createLocation(actor, location)).id);
      for (const [itemNumber, quantity] of Object.entries(demoOpeningStock))
        await inventory.adjust(actor, {
          itemId: idOf(itemNumber),
          locationId: locationIds.get('STORES')!,
          quantity,
          note: 'opening stock',
        });

      await new ReasonCodeService(tx).create(actor, demoReasonCodes);
      const identity = new IdentityService(tx);
      // operators sign in by badge; their password is random and never shown
      for (const operator of demoOperators)
        await identity.createUser(actor, {
          ...operator,
          password: randomBytes(18).toString('base64url'),
          roles: ['operator'],
        });
    });
    return true;
  }
}
