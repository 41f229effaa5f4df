/** The ORM's typed errors (each message names the class or relationship and what to do). */

import { ArgumentError, InvalidRequestError } from "../errors/index.js";

/** A class (or an object of a class) that is not mapped was given where a mapped one is needed. */
export class UnmappedClassError extends InvalidRequestError {}

/** A model or relationship definition that cannot be mapped (SQLAlchemy's configure-time `ArgumentError`s). */
export class MappingError extends ArgumentError {}

/** No foreign key links a relationship's tables (SQLAlchemy's `NoForeignKeysError`). */
export class NoForeignKeysError extends MappingError {}

/** Several foreign-key paths link a relationship's tables and `foreignKeys` does not pick one. */
export class AmbiguousForeignKeysError extends MappingError {}

/** A relationship of an object that was not loaded was read (Athanor does no IO on property access). */
export class UnloadedRelationshipError extends InvalidRequestError {}

/** An object that is not an instance of a mapped class was given to the Session or `inspect()`. */
export class UnmappedInstanceError extends InvalidRequestError {}

/**
 * A flush failed and rolled the transaction back: the session refuses work until `await session.rollback()`
 * (SQLAlchemy's `PendingRollbackError`). `cause` is the error of the failed flush.
 */
export class PendingRollbackError extends InvalidRequestError {}
