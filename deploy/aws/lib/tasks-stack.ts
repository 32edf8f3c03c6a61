// Feira Tasks on AWS: `feira serve tasks` on ECS Fargate behind an ALB, on
// DocumentDB, signing in with a Cognito user pool; the web app on S3 +
// CloudFront, which also routes /api/tasks to the load balancer.
import { CfnOutput, Duration, RemovalPolicy, Stack, StackProps } from "aws-cdk-lib";
import * as cloudfront from "aws-cdk-lib/aws-cloudfront";
import * as origins from "aws-cdk-lib/aws-cloudfront-origins";
import * as cognito from "aws-cdk-lib/aws-cognito";
import * as ecs from "aws-cdk-lib/aws-ecs";
import { Construct } from "constructs";
import { skipChecks } from "./checks.js";
import { credentials, DocumentDb, Postgres } from "./data.js";
import { ORIGIN_HEADER, Services } from "./services.js";
import { StaticSite, StaticSiteProps } from "./static-site.js";

export interface FeiraStackProps extends StackProps {
  /** The Feira image in a registry the account can pull from (ECR). */
  readonly image: string;
  readonly site?: Omit<StaticSiteProps, "api">;
  /** RDS in two zones (default true). */
  readonly multiAz?: boolean;
  /** See `ServicesProps.originVerifyGeneration` (default 1). */
  readonly originVerifyGeneration?: number;
}

/** A user pool with the password policy and email verification Feira expects. */
export function userPool(scope: Construct): {
  pool: cognito.UserPool;
  client: cognito.UserPoolClient;
} {
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
export function cognitoAuth(
  scope: Construct,
  pool: cognito.UserPool,
  client: cognito.UserPoolClient,
) {
  const issuer = `https://cognito-idp.${Stack.of(scope).region}.amazonaws.com/${pool.userPoolId}`;
  return {
    FEIRA_AUTH__ISSUER: issuer,
    FEIRA_AUTH__AUDIENCE: client.userPoolClientId,
    FEIRA_AUTH__JWKS_URL: `${issuer}/.well-known/jwks.json`,
  };
}

/** `feira serve identity` in front of the Cognito pool. */
export function identityOnCognito(
  scope: Construct,
  pool: cognito.UserPool,
  client: cognito.UserPoolClient,
) {
  return {
    ...cognitoAuth(scope, pool, client),
    FEIRA_IDENTITY__PROVIDER: "cognito",
    FEIRA_IDENTITY__COGNITO__REGION: Stack.of(scope).region,
    FEIRA_IDENTITY__COGNITO__USER_POOL_ID: pool.userPoolId,
    FEIRA_IDENTITY__COGNITO__CLIENT_ID: client.userPoolClientId,
    // Viewer → CloudFront → ALB → identity: CloudFront appends the viewer,
    // the ALB the edge server, so the viewer is 2 entries from the right of
    // X-Forwarded-For (ADR 33, deploy/README.md).
    FEIRA_IDENTITY__RATE_LIMITS__CLIENT_IP: "x_forwarded_for",
    FEIRA_IDENTITY__RATE_LIMITS__TRUSTED_PROXY_HOPS: "2",
  };
}

/** `feira serve identity` on Cognito, its profiles in `feira_identity` on `postgres`. */
export function addIdentity(
  services: Services,
  cognitoPool: { pool: cognito.UserPool; client: cognito.UserPoolClient },
  postgres: Postgres,
  cloudMap?: ecs.CloudMapOptions,
): ecs.FargateService {
  const identity = services.addService({
    name: "identity",
    paths: ["/api/identity/*", "/.well-known/jwks.json"],
    priority: 20,
    environment: identityOnCognito(services, cognitoPool.pool, cognitoPool.client),
    secrets: credentials(postgres.secret),
    prelude: Postgres.urlExport("FEIRA_IDENTITY__POSTGRES__URL", "feira_identity"),
    cloudMap,
  });
  postgres.allowFrom(identity);
  return identity;
}

/**
 * CloudFront → the services' load balancer, over HTTP inside AWS's network,
 * with the origin header the listener requires (CloudFront overwrites a
 * viewer's header of that name).
 */
export function albOrigin(services: Services): cloudfront.IOrigin {
  return new origins.LoadBalancerV2Origin(services.alb, {
    protocolPolicy: cloudfront.OriginProtocolPolicy.HTTP_ONLY,
    readTimeout: Duration.seconds(30),
    customHeaders: { [ORIGIN_HEADER]: services.originVerify },
  });
}

export class TasksStack extends Stack {
  constructor(scope: Construct, id: string, props: FeiraStackProps) {
    super(scope, id, props);
    const services = new Services(this, "Services", {
      image: props.image,
      originVerifyGeneration: props.originVerifyGeneration,
    });
    const db = new DocumentDb(this, "Db", services.vpc);
    const { pool, client } = userPool(this);

    const auth = cognitoAuth(this, pool, client);
    skipChecks(pool, {
      CKV_AWS_366:
        "Advanced security (threat protection) is a paid Cognito tier; turn it on for production.",
    });

    const tasks = services.addService({
      name: "tasks",
      paths: ["/api/tasks", "/api/tasks/*"],
      priority: 10,
      environment: { ...auth, FEIRA_TASKS__STORE: "mongodb" },
      secrets: credentials(db.secret),
      prelude: DocumentDb.urlExport("FEIRA_TASKS__MONGODB__URL"),
    });
    db.allowFrom(tasks);

    // The web app's sign-up and sign-in pages talk to identity, which hands
    // them to the Cognito pool (identity.provider = cognito); profiles stay in
    // a small PostgreSQL.
    const postgres = new Postgres(this, "Postgres", services.vpc, {
      multiAz: props.multiAz ?? true,
      database: "feira_identity",
    });
    addIdentity(services, { pool, client }, postgres);

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
