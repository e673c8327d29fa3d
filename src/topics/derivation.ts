/** The derivation checked: finite differences, autograd, backward.ts's own lines, the tape, the grader checkBackward. */
export * from "../derivation/factors";
export * from "../derivation/autograd-factors";
export * from "../derivation/backward-source";
export * from "../derivation/tape";
export * from "../derivation/student-values";
export {
  type StudentBackward,
  type StudentStep,
  type StudentFactors,
  type CheckOptions,
  type CheckResult,
  type CheckedName,
  type FactorResult,
  RIGHT_TOLERANCE,
} from "../derivation/check-backward";
export * from "../derivation/check-report";
export * from "../derivation/grade";
