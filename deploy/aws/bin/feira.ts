#!/usr/bin/env node
// The Feira CDK app: `cdk synth` needs no AWS account (no lookups).
// Settings come from context (cdk.json, or `-c key=value`): see docs/aws.md.
import { App, Tags } from "aws-cdk-lib";
import { ShopStack } from "../lib/shop-stack.js";
import { StaticSiteStack } from "../lib/static-site-stack.js";
import { TasksStack } from "../lib/tasks-stack.js";

const app = new App();
const context = (key: string): string | undefined => {
  const value = app.node.tryGetContext(key);
  return value === undefined || value === "" ? undefined : String(value);
};
// The region is fixed (ALB access logs and SES need one); the account is the
// one `cdk deploy` runs with, and stays a token when synthesizing offline.
const env = {
  account: process.env.CDK_DEFAULT_ACCOUNT,
  region: context("region") ?? process.env.CDK_DEFAULT_REGION ?? "eu-west-1",
};
const image = context("image") ?? "public.ecr.aws/feira/feira:latest";
const originVerifyGeneration = Number(context("originVerifyGeneration") ?? "1");
if (!Number.isInteger(originVerifyGeneration) || originVerifyGeneration < 1) {
  throw new Error("originVerifyGeneration: a whole number from 1");
}
/** A custom domain for a stack's distribution: `<prefix>DomainName` and `<prefix>CertificateArn`. */
const domain = (prefix: string) => {
  const key = (name: string) =>
    prefix ? `${prefix}${name}` : name.charAt(0).toLowerCase() + name.slice(1);
  return { domainName: context(key("DomainName")), certificateArn: context(key("CertificateArn")) };
};

new StaticSiteStack(app, "FeiraSite", {
  env,
  ...domain(""),
  description: "Feira: a static site on S3 + CloudFront",
});
new TasksStack(app, "FeiraTasks", {
  env,
  image,
  multiAz: context("multiAz") !== "false",
  originVerifyGeneration,
  site: domain("tasks"),
  description: "Feira Tasks: ECS, DocumentDB, Cognito, CloudFront",
});
new ShopStack(app, "FeiraShop", {
  env,
  image,
  mailDomain: context("mailDomain") ?? "example.com",
  site: domain("shop"),
  multiAz: context("multiAz") !== "false",
  originVerifyGeneration,
  description: "Feira Shop: ECS, RDS PostgreSQL, DocumentDB, Amazon MQ, SES, Cognito, CloudFront",
});
Tags.of(app).add("project", "feira");
