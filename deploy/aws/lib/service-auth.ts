// Service identity on Cognito (ADR 25): orders gets its tokens for the
// catalog's internal routes from the user pool's own OAuth 2.0
// client-credentials flow, since identity on Cognito has no /oauth/token.
import { Duration, Stack } from "aws-cdk-lib";
import * as cognito from "aws-cdk-lib/aws-cognito";
import * as ecs from "aws-cdk-lib/aws-ecs";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import { defaultSecretKey, ignoreLint, skipChecks } from "./checks.js";

/** The id of the CDK's singleton function behind `AwsCustomResource`. */
const CUSTOM_RESOURCE_FUNCTION = "AWS679f53fac002430cb0da5b7982bd2287";

export interface ServiceAuthProps {
  readonly pool: cognito.UserPool;
  /**
   * The pool's domain prefix (`<prefix>.auth.<region>.amazoncognito.com`),
   * unique in the region; default `<stack name>-<account id>`.
   */
  readonly domainPrefix?: string;
}

/**
 * The catalog as a resource server (`catalog/reservations`,
 * `catalog/products`), the pool's domain serving `/oauth2/token`, and orders
 * as an app client with a secret that may only use client credentials.
 */
export class ServiceAuth extends Construct {
  readonly domain: cognito.UserPoolDomain;
  readonly catalog: cognito.UserPoolResourceServer;
  readonly ordersClient: cognito.UserPoolClient;
  /** Orders' client secret, copied from the app client (ECS reads secrets from here). */
  readonly ordersSecret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: ServiceAuthProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.domain = props.pool.addDomain("Domain", {
      cognitoDomain: {
        domainPrefix: props.domainPrefix ?? `${stack.stackName.toLowerCase()}-${stack.account}`,
      },
    });
    // The scopes match the catalog's routes (kit::auth::Grant): the verifier
    // reads `catalog/reservations` as `catalog:reservations`.
    const reservations = new cognito.ResourceServerScope({
      scopeName: "reservations",
      scopeDescription: "Reserve and release stock",
    });
    const products = new cognito.ResourceServerScope({
      scopeName: "products",
      scopeDescription: "Look up products and prices",
    });
    this.catalog = props.pool.addResourceServer("Catalog", {
      identifier: "catalog",
      userPoolResourceServerName: "feira-catalog",
      scopes: [reservations, products],
    });
    this.ordersClient = props.pool.addClient("Orders", {
      generateSecret: true,
      // No user sign-in through this client: Cognito's default flows (SRP,
      // custom) are replaced by the refresh flow alone, which no user of
      // this client can ever reach.
      authFlows: { userPassword: false, userSrp: false, custom: false },
      oAuth: {
        flows: { clientCredentials: true },
        scopes: [
          cognito.OAuthScope.resourceServer(this.catalog, reservations),
          cognito.OAuthScope.resourceServer(this.catalog, products),
        ],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      // Orders caches a token and renews it a minute before expiry.
      accessTokenValidity: Duration.minutes(15),
    });
    this.ordersSecret = new secretsmanager.Secret(this, "OrdersSecret", {
      description: "Feira: orders' Cognito app client secret (client credentials)",
      secretStringValue: this.ordersClient.userPoolClientSecret,
    });
    defaultSecretKey(this.ordersSecret);
    // The secret is read by a CDK-made function (a custom resource calling
    // DescribeUserPoolClient), run by CloudFormation at deploy time only.
    const reader = stack.node.tryFindChild(CUSTOM_RESOURCE_FUNCTION);
    if (reader) {
      ignoreLint(
        reader,
        ["W3005"],
        "The CDK's custom-resource function: DependsOn is the CDK's own.",
      );
      skipChecks(reader, {
        CKV_AWS_115:
          "Runs once per deployment; reserved concurrency would take from the account for nothing.",
        CKV_AWS_116:
          "Called synchronously by CloudFormation, which fails the deployment on an error: nothing to dead-letter.",
        CKV_AWS_117: "Calls only the Cognito API; nothing in the VPC to reach.",
      });
    }
  }

  /** The pool's token endpoint. */
  get tokenUrl(): string {
    return `${this.domain.baseUrl()}/oauth2/token`;
  }

  /** Orders' settings for its credential (`orders.service_auth`). */
  ordersEnvironment(): Record<string, string> {
    return {
      FEIRA_ORDERS__SERVICE_AUTH__PROVIDER: "cognito",
      FEIRA_ORDERS__SERVICE_AUTH__TOKEN_URL: this.tokenUrl,
      FEIRA_ORDERS__SERVICE_AUTH__CLIENT_ID: this.ordersClient.userPoolClientId,
    };
  }

  /** Orders' client secret, from Secrets Manager into its environment. */
  ordersSecrets(): Record<string, ecs.Secret> {
    return {
      FEIRA_ORDERS__SERVICE_AUTH__SECRET: ecs.Secret.fromSecretsManager(this.ordersSecret),
    };
  }
}
