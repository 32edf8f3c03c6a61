// Linter findings that are decided, not forgotten: each skip carries its
// reason in the template's metadata, where checkov and cfn-lint read it.
import { CfnResource } from "aws-cdk-lib";
import { IConstruct } from "constructs";

/** Records on `construct`'s CloudFormation resource why checkov's checks do not apply. */
export function skipChecks(construct: IConstruct, reasons: Record<string, string>): void {
  const resource = (construct.node.defaultChild ?? construct) as CfnResource;
  const skip = Object.entries(reasons).map(([id, comment]) => ({ id, comment }));
  const existing =
    (resource.getMetadata("checkov") as { skip?: unknown[] } | undefined)?.skip ?? [];
  resource.addMetadata("checkov", { skip: [...existing, ...skip] });
}

/** Skips checkov's "secret encrypted with a customer key" (CKV_AWS_149) on a secret. */
export function defaultSecretKey(secret: IConstruct): void {
  skipChecks(secret, {
    CKV_AWS_149:
      "Encrypted with the account's default Secrets Manager key; a customer key adds cost, not protection here.",
  });
}

/** Records on `construct`'s resource why cfn-lint's rules do not apply (cfn-lint reads this metadata). */
export function ignoreLint(construct: IConstruct, rules: string[], why: string): void {
  const resource = (construct.node.defaultChild ?? construct) as CfnResource;
  resource.addMetadata("cfn-lint", { config: { ignore_checks: rules } });
  resource.addMetadata("cfn-lint-reason", why);
}
