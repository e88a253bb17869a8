/** Mantine anchors and nav links that navigate with the router (typed `to` and `params`). */
import { Anchor, type AnchorProps, NavLink, type NavLinkProps } from '@mantine/core';
import { createLink } from '@tanstack/react-router';
import type { AnchorHTMLAttributes, Ref } from 'react';

type AnchorElementProps = AnchorProps &
  AnchorHTMLAttributes<HTMLAnchorElement> & { ref?: Ref<HTMLAnchorElement> };
type NavElementProps = NavLinkProps &
  Omit<AnchorHTMLAttributes<HTMLAnchorElement>, keyof NavLinkProps> & { ref?: Ref<HTMLAnchorElement> };

export const AnchorLink = createLink((props: AnchorElementProps) => <Anchor component="a" {...props} />);
export const NavRouterLink = createLink((props: NavElementProps) => <NavLink component="a" {...props} />);
