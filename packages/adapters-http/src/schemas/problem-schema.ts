import { ORDER_STATUSES } from '@food-oms/domain';
import { z } from 'zod';
import { PROBLEM_CODES } from '../errors/problem-types.ts';

/** The RFC 9457 body of every error response; documents them all in OpenAPI. */
export const problemSchema = z
  .object({
    type: z.string().describe('A URI naming the problem type; one per `code`.'),
    title: z.string().describe('A short summary of the problem type.'),
    status: z.number().int().meta({ minimum: 400, maximum: 599 }).describe('The HTTP status code.'),
    detail: z.string().describe('What went wrong with this request.'),
    code: z.enum(PROBLEM_CODES).describe('The stable, machine-readable error code.'),
    requestId: z.string().describe('The X-Request-Id of the request, to quote when asking for help.'),
    errors: z
      .array(
        z.object({
          pointer: z
            .string()
            .describe(
              'RFC 6901 JSON Pointer: into the body ("/items/0/quantity"), or "/query/…", "/params/…", "/headers/…".',
            ),
          message: z.string(),
        }),
      )
      .optional()
      .describe('VALIDATION_FAILED: every fault found.'),
    currentStatus: z.enum(ORDER_STATUSES).optional().describe('INVALID_TRANSITION, PRECONDITION_FAILED.'),
    allowedTransitions: z.array(z.enum(ORDER_STATUSES)).optional().describe('INVALID_TRANSITION.'),
    currentVersion: z
      .number()
      .int()
      .meta({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })
      .optional()
      .describe('PRECONDITION_FAILED.'),
    menuItemIds: z.array(z.string()).optional().describe('MENU_ITEM_UNAVAILABLE.'),
  })
  .describe('An RFC 9457 problem document (application/problem+json).');

export type Problem = z.output<typeof problemSchema>;
