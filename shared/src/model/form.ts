import { z } from 'zod'
import { Id } from './common'

export const FieldType = z.enum(['text', 'longtext', 'number', 'boolean', 'date', 'email', 'select'])
export type FieldType = z.infer<typeof FieldType>

export const FormField = z
  .object({
    id: Id,
    label: z.string().min(1),
    type: FieldType,
    required: z.boolean().default(false),
    /** Choices for `select`. */
    options: z.array(z.string().min(1)).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    help: z.string().optional(),
  })
  .strict()
export type FormField = z.infer<typeof FormField>

export const Form = z.object({ fields: z.array(FormField).default([]) }).strict()
export type Form = z.infer<typeof Form>
