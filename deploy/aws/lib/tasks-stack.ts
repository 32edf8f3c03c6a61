// Feira Tasks on AWS: `feira serve tasks` on ECS Fargate behind an ALB, on
// DocumentDB, signing in with a Cognito user pool; the web app on S3 +
// CloudFront, which also routes /api/tasks to the load balancer.
import { CfnOutput, Duration, RemovalPolicy, Stack, StackProps } from "aws-cdk-lib";
import * as cloudfront from "aws-cdk-lib/aws-cloudfront";
import * as origins from "aws-cdk-lib/aws-cloudfront-origins";
import * as cognito from "aws-cdk-lib/aws-cognito";
import { Construct } from "constructs";
import { skipChecks } from "./checks.js";
import { credentials, DocumentDb } from "./data.js";
import { Services } from "./services.js";
import { StaticSite, StaticSiteProps } from "./static-site.js";

export interface FeiraStackProps extends StackProps {
  /** The Feira image in a registry the account can pull from (ECR). */
  readonly image: string;
  readonly site?: Omit<StaticSiteProps, "api">;
}

/** A user pool with the password policy and email verification Feira expects. */
export function userPool(scope: Construct): { pool: cognito.UserPool; client: cognito.UserPoolClient } {
  const pool = new cognito.UserPool(scope, "Users", {
    selfSignUpEnabled: true,
    signInAliases: { email: true },
    autoVerify: { email: true },
    userVerification: { emailStyle: cognito.VerificationEmailStyle.CODE },
    passwordPolicy: {
      minLength: 12,
      requireLowercase: true,
      requireUppercase: true,
      requireDigits: true,
      requireSymbols: false,
      tempPasswordValidity: Duration.days(3),
    },
    accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
    mfa: cognito.Mfa.OPTIONAL,
    mfaSecondFactor: { sms: false, otp: true },
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const client = pool.addClient("Web", {
    generateSecret: false,
    authFlows: { userSrp: true, userPassword: true },
    preventUserExistenceErrors: true,
    accessTokenValidity: Duration.minutes(15),
    refreshTokenValidity: Duration.days(30),
  });
  return { pool, client };
}

/** Settings that make a service accept the pool's access tokens (kit verifier). */
export function cognitoAuth(scope: Construct, pool: cognito.UserPool, client: cognito.UserPoolClient) {
  const issuer = `https://cognito-idp.${Stack.of(scope).region}.amazonaws.com/${pool.userPoolId}`;
  return {
    FEIRA_AUTH__ISSUER: issuer,
    FEIRA_AUTH__AUDIENCE: client.userPoolClientId,
    FEIRA_AUTH__JWKS_URL: `${issuer}/.well-known/jwks.json`,
  };
}

/** CloudFront → the services' load balancer, over HTTP inside AWS's network. */
export function albOrigin(services: Services): cloudfront.IOrigin {
  return new origins.LoadBalancerV2Origin(services.alb, {
    protocolPolicy: cloudfront.OriginProtocolPolicy.HTTP_ONLY,
    readTimeout: Duration.seconds(30),
  });
}

export class TasksStack extends Stack {
  constructor(scope: Construct, id: string, props: FeiraStackProps) {
    super(scope, id, props);
    const services = new Services(this, "Services", { image: props.image });
    const db = new DocumentDb(this, "Db", services.vpc);
    const { pool, client } = userPool(this);

    const tasks = services.addService({
      name: "tasks",
      paths: ["/api/tasks", "/api/tasks/*"],
      priority: 10,
      environment: { ...cognitoAuth(this, pool, client), FEIRA_TASKS__STORE: "mongodb" },
      secrets: credentials(db.secret),
      prelude: DocumentDb.urlExport("FEIRA_TASKS__MONGODB__URL"),
    });
    db.allowFrom(tasks);
    skipChecks(pool, {
      CKV_AWS_366: "Advanced security (threat protection) is a paid Cognito tier; turn it on for production.",
    });

    const site = new StaticSite(this, "Web", {
      ...props.site,
      api: { origin: albOrigin(services), paths: ["/api/*"] },
    });
    new CfnOutput(this, "UserPoolId", { value: pool.userPoolId });
    new CfnOutput(this, "UserPoolClientId", { value: client.userPoolClientId });
    new CfnOutput(this, "LoadBalancer", { value: services.alb.loadBalancerDnsName });
    new CfnOutput(this, "WebBucket", { value: site.bucket.bucketName });
  }
}
