// System 2: a static site on S3 + CloudFront; `feira site deploy` fills it.
import { Stack, StackProps } from "aws-cdk-lib";
import { Construct } from "constructs";
import { StaticSite, StaticSiteProps } from "./static-site.js";

export class StaticSiteStack extends Stack {
  readonly site: StaticSite;

  constructor(scope: Construct, id: string, props: StackProps & StaticSiteProps = {}) {
    super(scope, id, props);
    this.site = new StaticSite(this, "Site", props);
  }
}
